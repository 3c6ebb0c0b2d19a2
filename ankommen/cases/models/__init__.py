"""KIM case management: clients, cases, consents, referrals, conferences, structural
problems and the field history of clients and cases. Every look at them is written
to the one audit log (ankommen/core/audit.py).

Default deny: a case is reachable only through `Case.objects.visible_to(user)` and
`get_case_for_user()` (see ../access.py) — its case manager and the team lead of its team,
within the case's organisation. The KI coordinator supervises through counts only
(reports, structural problems) and never sees personal data. Another organisation sees
only what a referral with a valid consent shared with it.

Sensitive free text, names and documents are encrypted at rest (ankommen/core/crypto.py).

One module per subject; every model is importable from here (`from ankommen.cases.models
import Case`).
"""

from ankommen.cases.models.cases import (
    Appointment,
    AreaOfLife,
    Assessment,
    Case,
    CaseChild,
    CaseQuerySet,
    DeletionRequest,
    Document,
    FollowUp,
    Goal,
    InterpreterRequest,
    Note,
    Step,
    Transfer,
)
from ankommen.cases.models.clients import Client, ClientSearchToken, Household
from ankommen.cases.models.conferences import Conference, ConferenceTask
from ankommen.cases.models.consents import (
    Consent,
    ConsentQuerySet,
    ConsentScan,
    ConsentText,
    Purpose,
)
from ankommen.cases.models.field_history import FieldChange, FieldChangeQuerySet
from ankommen.cases.models.referrals import (
    Referral,
    ReferralRecipient,
    ReferralRecipientQuerySet,
)
from ankommen.cases.models.structural_problems import StructuralProblem, StructuralProblemQuerySet
from ankommen.cases.models.vocabularies import (
    STANDARD_LEGAL_DOMAINS,
    DataCategory,
    LegalDomain,
    LegalDomainQuerySet,
)

# Shared with the core models.
from ankommen.core.models import AppendOnlyError

__all__ = [
    "STANDARD_LEGAL_DOMAINS",
    "AppendOnlyError",
    "Appointment",
    "AreaOfLife",
    "Assessment",
    "Case",
    "CaseChild",
    "CaseQuerySet",
    "Client",
    "ClientSearchToken",
    "Conference",
    "ConferenceTask",
    "Consent",
    "ConsentQuerySet",
    "ConsentScan",
    "ConsentText",
    "DataCategory",
    "DeletionRequest",
    "Document",
    "FieldChange",
    "FieldChangeQuerySet",
    "FollowUp",
    "Goal",
    "Household",
    "InterpreterRequest",
    "LegalDomain",
    "LegalDomainQuerySet",
    "Note",
    "Purpose",
    "Referral",
    "ReferralRecipient",
    "ReferralRecipientQuerySet",
    "Step",
    "StructuralProblem",
    "StructuralProblemQuerySet",
    "Transfer",
]
