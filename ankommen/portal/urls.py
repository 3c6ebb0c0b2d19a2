"""Public pages, included at <slug:region>/<lang:language>/ (the search: ankommen.search)."""

from django.urls import path

from ankommen.portal import public_views

app_name = "portal"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("kiosk/", public_views.kiosk, name="kiosk"),
    path("kiosk/<slug:slug>/", public_views.kiosk_page, name="kiosk_page"),
    path("sw.js", public_views.service_worker, name="sw"),
    path("offline/", public_views.offline, name="offline"),
    path("flyer.pdf", public_views.flyer, name="flyer"),
    path("impressum/", public_views.imprint, name="imprint"),
    path("datenschutz/", public_views.privacy, name="privacy"),
    path("barrierefreiheit/", public_views.accessibility, name="accessibility"),
    path("fachbegriffe/", public_views.professional_glossary, name="professional_glossary"),
    path("<slug:slug>/", public_views.page_detail, name="page"),
]
