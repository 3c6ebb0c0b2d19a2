"""Public pages, included at <slug:region>/<lang:language>/aktionsplan/."""

from django.urls import path

from ankommen.actionplan import views

app_name = "actionplan"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:field>/", views.field_page, name="field"),
]
