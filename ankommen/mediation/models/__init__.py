"""The language mediation pools, by subject:

- `choices`: tier, setting, mode and language level;
- `mediators`: the mediators with their languages, evidence, availability, absences and
  declared conflicts of interest, and the languages the pools mediate;
- `policy`: which tier may take which setting in a region, and the lead time;
- `requests`: requests from authorised organisations, offers to mediators, assignments,
  feedback, and the pools' view of the one audit log (`RequestAccess`).

Mediators are matched to requests by the `matching` package; the rules about who may see
what are in `permissions.py`.
"""

from ankommen.mediation.models.choices import (
    LEVEL_ORDER,
    LanguageLevel,
    Mode,
    Setting,
    Tier,
    level_at_least,
)
from ankommen.mediation.models.mediators import (
    EVIDENCE_REMINDER_DAYS,
    Absence,
    Conflict,
    Evidence,
    MediationLanguage,
    Mediator,
    MediatorLanguage,
    MediatorQuerySet,
    WeeklyAvailability,
    client_key,
)
from ankommen.mediation.models.policy import (
    DEFAULT_POLICY,
    SettingPolicy,
    policy_for,
    working_days_between,
)
from ankommen.mediation.models.requests import (
    Assignment,
    AssignmentFeedback,
    AssignmentOffer,
    MediationRequest,
    MediationRequestQuerySet,
    RequestAccess,
    RequestSeries,
    log_request_view,
)

__all__ = [
    "DEFAULT_POLICY",
    "EVIDENCE_REMINDER_DAYS",
    "LEVEL_ORDER",
    "Absence",
    "Assignment",
    "AssignmentFeedback",
    "AssignmentOffer",
    "Conflict",
    "Evidence",
    "LanguageLevel",
    "MediationLanguage",
    "MediationRequest",
    "MediationRequestQuerySet",
    "Mediator",
    "MediatorLanguage",
    "MediatorQuerySet",
    "Mode",
    "RequestAccess",
    "RequestSeries",
    "Setting",
    "SettingPolicy",
    "Tier",
    "WeeklyAvailability",
    "client_key",
    "level_at_least",
    "log_request_view",
    "policy_for",
    "working_days_between",
]
