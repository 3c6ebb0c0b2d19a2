"""Staff pages, included at <slug:region>/intern/aktionsplan/ (behind login)."""

from django.urls import path, register_converter

from ankommen.actionplan import staff


class ReportFormatConverter:
    regex = "pdf|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportFormatConverter, "reportformat")

app_name = "actionplan_staff"

urlpatterns = [
    path("", staff.index, name="index"),
    path("handlungsfeld/<slug:field>/", staff.board, name="board"),
    path("ueberfaellig-und-blockiert/", staff.attention, name="attention"),
    path("zustaendigkeiten/", staff.mine, name="mine"),
    path("schritt/<int:pk>/", staff.step_detail, name="step"),
    path("schritt/<int:pk>/bericht/", staff.step_update, name="step_update"),
    path("empfehlung/<int:pk>/", staff.recommendation_detail, name="recommendation"),
    path("empfehlung/<int:pk>/bericht/", staff.recommendation_report, name="recommendation_report"),
    path("steuerungsbericht/", staff.steering_reports, name="reports"),
    path("steuerungsbericht/ausgeben/", staff.steering_report_issue, name="report_issue"),
    path("steuerungsbericht/datei/", staff.steering_report_choose, name="report_choose"),
    path(
        "steuerungsbericht/<int:year>-q<int:quarter>.<reportformat:fmt>",
        staff.steering_report_file,
        name="report_file",
    ),
]
