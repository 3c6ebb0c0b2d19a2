"""Staff pages of the minimum standard, included at <slug:region>/intern/mindeststandard/."""

from django.urls import path

from ankommen.coverage import staff_views

app_name = "coverage_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("standard/", staff_views.standard, name="standard"),
    path("standard/neu/", staff_views.row_edit, name="row_add"),
    path("standard/<int:pk>/", staff_views.row_edit, name="row_edit"),
    path("standard/<int:pk>/entfernen/", staff_views.row_delete, name="row_delete"),
    path("verlauf/", staff_views.history, name="history"),
    path("verlauf/jetzt/", staff_views.snapshot_now, name="snapshot"),
    path("luecke/<int:row_pk>/<int:area_pk>/", staff_views.gap, name="gap"),
]
