"""Staff pages, included at <slug:region>/intern/aktionsplan/ (behind login)."""

from django.urls import path, register_converter

from ankommen.actionplan import staff_views


class ReportFormatConverter:
    regex = "pdf|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportFormatConverter, "reportformat")

app_name = "actionplan_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("handlungsfeld/<slug:field>/", staff_views.board, name="board"),
    path("ueberfaellig-und-blockiert/", staff_views.attention, name="attention"),
    path("zustaendigkeiten/", staff_views.mine, name="mine"),
    path("schritt/<int:pk>/", staff_views.step_detail, name="step"),
    path("schritt/<int:pk>/bericht/", staff_views.step_update, name="step_update"),
    path("schritt/<int:pk>/termin/", staff_views.step_reschedule, name="step_reschedule"),
    path("empfehlung/<int:pk>/", staff_views.recommendation_detail, name="recommendation"),
    path(
        "empfehlung/<int:pk>/bericht/",
        staff_views.recommendation_report,
        name="recommendation_report",
    ),
    path("steuerungsbericht/", staff_views.steering_reports, name="reports"),
    path("steuerungsbericht/ausgeben/", staff_views.steering_report_issue, name="report_issue"),
    path("steuerungsbericht/datei/", staff_views.steering_report_choose, name="report_choose"),
    path(
        "steuerungsbericht/<int:year>-q<int:quarter>.<reportformat:fmt>",
        staff_views.steering_report_file,
        name="report_file",
    ),
]
