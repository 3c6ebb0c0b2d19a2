"""Public pages, included at <slug:region>/<lang:language>/gremien/."""

from django.urls import path

from ankommen.networks import public_views

app_name = "networks"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("einladung/<str:token>/", public_views.invitation, name="invitation"),
    path("organisationen/<slug:key>/", public_views.organisation_page, name="organisation"),
    path("<slug:slug>/", public_views.body_page, name="body"),
]
