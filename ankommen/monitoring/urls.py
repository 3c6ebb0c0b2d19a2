from django.urls import path

from ankommen.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("import/", views.import_upload, name="import"),
    path("report/<int:year>.pdf", views.report_pdf, name="report"),
    path("area/<str:key>/", views.area_profile, name="profile"),
    path("<slug:slug>/", views.indicator_detail, name="indicator"),
    path("<slug:slug>.csv", views.indicator_download, {"file_format": "csv"}, name="csv"),
    path("<slug:slug>.xlsx", views.indicator_download, {"file_format": "xlsx"}, name="xlsx"),
]
