"""/<region>/<language>/wp-json/ig-mpdf/v1/pdf/: Integreat's "save as PDF"."""

from django.urls import path

from ankommen.api.v3 import views

app_name = "api_v3_pdf"

urlpatterns = [path("pdf/", views.pdf, name="pdf"), path("pdf", views.pdf, name="pdf-bare")]
