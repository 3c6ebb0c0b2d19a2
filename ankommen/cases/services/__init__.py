"""What happens to case data, independent of the web pages: consent and sharing, transfer,
workflows, interpreters, anonymisation and the Art. 15 export. Every function takes the
acting person as an `Actor` (ankommen/core/actor.py), not the HTTP request, so that pages,
commands and background jobs run the same rules; and every one writes its audit entry.

One module per subject; everything is importable from here.
"""

from ankommen.cases.services.conferences import case_network, send_invitations
from ankommen.cases.services.export import client_export
from ankommen.cases.services.interpreters import interpreter_request
from ankommen.cases.services.referrals import (
    answer_referral,
    send_referral,
    shared_view,
    valid_consent,
)
from ankommen.cases.services.retention import (
    anonymise_case,
    approve_deletion,
    due_for_anonymisation,
    request_deletion,
)
from ankommen.cases.services.team import DEFAULT_QUIET_WEEKS, team_overview
from ankommen.cases.services.texts import identifying_values, names_in
from ankommen.cases.services.transfers import accept_transfer, close_case, request_transfer
from ankommen.cases.services.workflows import (
    WORKFLOWS,
    advance_workflow,
    first_step,
    workflow_labels,
)

__all__ = [
    "DEFAULT_QUIET_WEEKS",
    "WORKFLOWS",
    "accept_transfer",
    "advance_workflow",
    "anonymise_case",
    "answer_referral",
    "approve_deletion",
    "case_network",
    "client_export",
    "close_case",
    "due_for_anonymisation",
    "first_step",
    "identifying_values",
    "interpreter_request",
    "names_in",
    "request_deletion",
    "request_transfer",
    "send_invitations",
    "send_referral",
    "shared_view",
    "team_overview",
    "valid_consent",
    "workflow_labels",
]
