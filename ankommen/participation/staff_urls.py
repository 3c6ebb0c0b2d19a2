"""Staff pages, included at <slug:region>/intern/beteiligung/."""

from django.urls import path

from ankommen.participation import staff_views

app_name = "participation_staff"

urlpatterns = [
    path("", staff_views.overview, name="overview"),
    path("moderation/", staff_views.moderation, name="moderation"),
    path("kommentare/<int:pk>/freigeben/", staff_views.approve, name="approve"),
    path("kommentare/<int:pk>/ablehnen/", staff_views.reject, name="reject"),
    path("umfragen/<int:pk>/", staff_views.results, name="results"),
    path("umfragen/<int:pk>/ergebnisse.csv", staff_views.results_export, name="results_csv"),
    path(
        "fehlende-angebote/<int:pk>/erledigt/",
        staff_views.missing_offer_done,
        name="missing_offer_done",
    ),
]
