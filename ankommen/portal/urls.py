"""Public pages, included at <slug:region>/<lang:language>/."""

from django.urls import path

from ankommen.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("suche/", views.search_view, name="search"),
    path("kiosk/", views.kiosk, name="kiosk"),
    path("kiosk/<slug:slug>/", views.kiosk_page, name="kiosk_page"),
    path("sw.js", views.service_worker, name="sw"),
    path("flyer.pdf", views.flyer, name="flyer"),
    path("<slug:slug>/", views.page_detail, name="page"),
]
