"""Public pages, included at <slug:region>/<lang:language>/aktionsplan/."""

from django.urls import path

from ankommen.actionplan import public_views

app_name = "actionplan"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("<slug:field>/", public_views.field_page, name="field"),
]
