"""Public pages, included at <slug:region>/<lang:language>/angebote/."""

from django.urls import path

from ankommen.directory import event_views, hsds_views, public_views

app_name = "directory"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("karte.json", public_views.map_data, name="map_data"),
    path("orte/<slug:key>/", public_views.place_detail, name="place"),
    path("termine/", event_views.events, name="events"),
    path("termine/kalender.ics", event_views.calendar_region, name="calendar"),
    path("termine/ort/<int:town>.ics", event_views.calendar_town, name="calendar_town"),
    path("termine/bestaetigen/<str:token>/", event_views.confirm, name="confirm"),
    path("termine/abmelden/<str:token>/", event_views.cancel, name="cancel"),
    path("termine/<slug:key>/", event_views.event_detail, name="event"),
    path("termine/<slug:key>/kalender.ics", event_views.calendar_event, name="calendar_event"),
    path("termine/<slug:key>/anmelden/", event_views.register, name="register"),
    path("hsds/", hsds_views.api_root, name="hsds_root"),
    path("hsds/services/", hsds_views.services, name="hsds_services"),
    path("hsds/services/<slug:key>/", hsds_views.service_detail, name="hsds_service"),
    path("<slug:key>/", public_views.detail, name="detail"),
    path("<slug:key>/drucken/", public_views.print_view, name="print"),
    path("<slug:key>/kalender.ics", event_views.calendar_offer, name="calendar_offer"),
]
