"""Included at <slug:region>/intern/faelle/zwei-faktor/, the addresses the pages had in the
case module (enrolment links already handed out keep working)."""

from django.urls import path

from ankommen.twofactor import staff_views as views

app_name = "twofactor"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("einrichten/<str:token>/", views.enrol, name="enrol"),
]
