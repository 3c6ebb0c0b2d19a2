"""Public pages, included at <slug:region>/<lang:language>/angebote/."""

from django.urls import path

from ankommen.directory import hsds_views, views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("karte.json", views.map_data, name="map_data"),
    path("termine/", views.events, name="events"),
    path("termine/kalender.ics", views.calendar_region, name="calendar"),
    path("termine/ort/<int:town>.ics", views.calendar_town, name="calendar_town"),
    path("termine/<slug:key>/anmelden/", views.register, name="register"),
    path("termine/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("hsds/", hsds_views.api_root, name="hsds_root"),
    path("hsds/services/", hsds_views.services, name="hsds_services"),
    path("hsds/services/<slug:key>/", hsds_views.service_detail, name="hsds_service"),
    path("<slug:key>/", views.detail, name="detail"),
    path("<slug:key>/drucken/", views.print_view, name="print"),
    path("<slug:key>/kalender.ics", views.calendar_offer, name="calendar_offer"),
]
