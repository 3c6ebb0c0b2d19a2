"""Staff pages, included at <slug:region>/intern/monitoring/."""

from django.urls import path

from ankommen.monitoring import staff_views

app_name = "monitoring_staff"

urlpatterns = [
    path("import/", staff_views.import_upload, name="import"),
]
