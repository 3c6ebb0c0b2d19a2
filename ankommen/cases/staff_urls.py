"""Case pages, included at <slug:region>/intern/faelle/ (login + two-factor)."""

from django.urls import path, register_converter

from ankommen.cases import case_actions, report_views
from ankommen.cases import staff_views as views


class ExportFormatConverter:
    regex = "pdf|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormatConverter, "exportformat")

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("neu/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/auskunft.<exportformat:fmt>", views.client_export, name="export"),
    path("<int:pk>/verlauf/", views.case_history, name="history"),
    path(
        "<int:pk>/einwilligung/<int:consent>/scan/",
        views.consent_scan_download,
        name="consent_scan",
    ),
    # One address and one name per change to a case (case_actions.py).
    path("<int:pk>/status/", case_actions.case_status, name="case_status"),
    path("<int:pk>/notiz/", case_actions.case_note, name="case_note"),
    path("<int:pk>/ziel/", case_actions.case_goal, name="case_goal"),
    path("<int:pk>/termin/", case_actions.case_appointment, name="case_appointment"),
    path("<int:pk>/wiedervorlage/", case_actions.case_follow_up, name="case_follow_up"),
    path("<int:pk>/einschaetzung/", case_actions.case_assessment, name="case_assessment"),
    path("<int:pk>/dokument/", case_actions.case_document, name="case_document"),
    path("<int:pk>/einwilligung/", case_actions.case_consent, name="case_consent"),
    path(
        "<int:pk>/widerruf/", case_actions.case_consent_withdrawal, name="case_consent_withdrawal"
    ),
    path("<int:pk>/verweisung/", case_actions.case_referral, name="case_referral"),
    path("<int:pk>/konferenz/", case_actions.case_conference, name="case_conference"),
    path("<int:pk>/uebergabe/", case_actions.case_transfer, name="case_transfer"),
    path("<int:pk>/ablauf/", case_actions.case_workflow, name="case_workflow"),
    path(
        "<int:pk>/strukturproblem/",
        case_actions.case_structural_problem,
        name="case_structural_problem",
    ),
    path(
        "<int:pk>/loeschantrag/", case_actions.case_deletion_request, name="case_deletion_request"
    ),
    path("<int:pk>/sperre/", case_actions.case_legal_hold, name="case_legal_hold"),
    path("<int:pk>/haushalt/", case_actions.case_household, name="case_household"),
    path("<int:pk>/klient/", case_actions.case_client, name="case_client"),
    path("<int:pk>/dolmetschen/", case_actions.case_interpreter, name="case_interpreter"),
    path("dokument/<int:pk>/", views.document_download, name="document"),
    path("verweisungen/", views.referral_inbox, name="inbox"),
    path("verweisung/<int:pk>/", views.referral_detail, name="referral"),
    path("verweisung/<int:pk>/antwort/", views.referral_answer, name="referral_answer"),
    path("uebergabe/<int:pk>/annehmen/", views.transfer_accept, name="transfer_accept"),
    path("loeschantrag/<int:pk>/freigeben/", views.deletion_approve, name="deletion_approve"),
    path("team/", report_views.team, name="team"),
    path("bericht/", report_views.report, name="report"),
    path("strukturprobleme/", report_views.structural_problems, name="structural"),
    path(
        "strukturprobleme/<int:pk>/",
        report_views.structural_problem_update,
        name="structural_update",
    ),
]
