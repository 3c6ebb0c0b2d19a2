from django.urls import path

from ankommen.monitoring import public_views

app_name = "monitoring"

urlpatterns = [
    path("", public_views.dashboard, name="dashboard"),
    path("import/", public_views.import_moved, name="import_moved"),
    path("report/<int:year>.pdf", public_views.report_pdf, name="report"),
    path("area/<str:key>/", public_views.area_profile, name="profile"),
    path("<slug:slug>/", public_views.indicator_detail, name="indicator"),
    path("<slug:slug>.csv", public_views.indicator_download, {"file_format": "csv"}, name="csv"),
    path("<slug:slug>.xlsx", public_views.indicator_download, {"file_format": "xlsx"}, name="xlsx"),
]
