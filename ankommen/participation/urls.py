"""Public pages, included at <slug:region>/<lang:language>/beteiligung/."""

from django.urls import path

from ankommen.participation import public_views

app_name = "participation"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("konsultation/<slug:slug>/", public_views.consultation, name="consultation"),
    path("umfrage/<slug:slug>/", public_views.survey, name="survey"),
    path("fehlt-ein-angebot/", public_views.missing_offer, name="missing_offer"),
]
