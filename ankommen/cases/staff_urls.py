"""Case pages, included at <slug:region>/intern/faelle/ (login + two-factor)."""

from django.urls import path, register_converter

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
    path("zwei-faktor/", views.two_factor, name="two_factor"),
    path("zwei-faktor/einrichten/<str:token>/", views.enrol, name="enrol"),
    path("neu/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/auskunft.<exportformat:fmt>", views.client_export, name="export"),
    path("<int:pk>/verlauf/", views.case_history, name="history"),
    path(
        "<int:pk>/einwilligung/<int:consent>/scan/",
        views.consent_scan_download,
        name="consent_scan",
    ),
    path("<int:pk>/<slug:action>/", views.case_action, name="action"),
    path("dokument/<int:pk>/", views.document_download, name="document"),
    path("verweisungen/", views.referral_inbox, name="inbox"),
    path("verweisung/<int:pk>/", views.referral_detail, name="referral"),
    path("verweisung/<int:pk>/antwort/", views.referral_answer, name="referral_answer"),
    path("uebergabe/<int:pk>/annehmen/", views.transfer_accept, name="transfer_accept"),
    path("loeschantrag/<int:pk>/freigeben/", views.deletion_approve, name="deletion_approve"),
    path("bericht/", views.report, name="report"),
    path("strukturprobleme/", views.structural_problems, name="structural"),
    path(
        "strukturprobleme/<int:pk>/",
        views.structural_problem_update,
        name="structural_update",
    ),
]
