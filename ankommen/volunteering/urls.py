"""Public pages, included at <slug:region>/<lang:language>/ehrenamt/."""

from django.urls import path

from ankommen.volunteering import public_views

app_name = "volunteering_public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("<slug:key>/", public_views.detail, name="detail"),
    path("<slug:key>/danke/", public_views.thanks, name="thanks"),
]
