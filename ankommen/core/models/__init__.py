"""Regions, places, vocabularies, organisations, users and their roles.

Everything the other modules hang their records on. A Region is a tenant; every record that
belongs to one carries its region and is only ever looked up through it. Permissions are
declared once in `permissions.py` from the role assignments defined here.

One module per subject; every name is importable from `ankommen.core.models` as before.
"""

from ankommen.core.models.accounts import (
    CASE_ROLES,
    ROLES_NEEDING_ORGANISATION,
    ROLES_NEEDING_TEAM,
    ROLES_NEEDING_TOWN,
    STAFF_ROLES,
    Role,
    RoleAssignment,
    User,
)
from ankommen.core.models.audit import AppendOnlyError, AuditEntry, AuditEntryQuerySet
from ankommen.core.models.base import (
    RESERVED_REGION_SLUGS,
    ConflictError,
    VersionedModel,
    ags_validator,
    slug_validator,
)
from ankommen.core.models.content import ContentVersion
from ankommen.core.models.languages import Language, TranslatedNames
from ankommen.core.models.organisations import Organisation, OrganisationQuerySet, Team
from ankommen.core.models.places import Area, AreaQuerySet, Region, RegionQuerySet
from ankommen.core.models.throttle import RateCount, Throttle
from ankommen.core.models.translations import TextTranslation
from ankommen.core.models.vocabularies import (
    Audience,
    FieldOfAction,
    RegionVocabulary,
    TargetGroup,
)

__all__ = [
    "CASE_ROLES",
    "RESERVED_REGION_SLUGS",
    "ROLES_NEEDING_ORGANISATION",
    "ROLES_NEEDING_TEAM",
    "ROLES_NEEDING_TOWN",
    "STAFF_ROLES",
    "AppendOnlyError",
    "Area",
    "AreaQuerySet",
    "Audience",
    "AuditEntry",
    "AuditEntryQuerySet",
    "ConflictError",
    "ContentVersion",
    "FieldOfAction",
    "Language",
    "Organisation",
    "OrganisationQuerySet",
    "RateCount",
    "Region",
    "RegionQuerySet",
    "RegionVocabulary",
    "Role",
    "RoleAssignment",
    "TargetGroup",
    "Team",
    "TextTranslation",
    "Throttle",
    "TranslatedNames",
    "User",
    "VersionedModel",
    "ags_validator",
    "slug_validator",
]
