"""Editors' pages, included at <slug:region>/intern/portal/ (behind login)."""

from django.urls import path

from ankommen.portal import content_views, staff_views

app_name = "portal_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("rueckmeldungen/", staff_views.feedback, name="feedback"),
    path(
        "rueckmeldungen/<int:pk>/beantwortet/",
        staff_views.feedback_answered,
        name="feedback_answered",
    ),
    path("seite/<int:pk>/verschieben/", staff_views.move, name="move"),
    path("seite/<int:pk>/ziehen/", staff_views.drop, name="drop"),
    path("seite/<int:pk>/dienste/", staff_views.services, name="services"),
    path("dienst/<int:pk>/entfernen/", staff_views.remove_service, name="remove_service"),
    path("seite/<int:pk>/<lang:language>/", staff_views.edit, name="edit"),
    path("seite/<int:pk>/<lang:language>/maschinell/", staff_views.machine, name="machine"),
    path("seite/<int:pk>/<lang:language>/geprueft/", staff_views.review, name="review"),
    path(
        "seite/<int:pk>/<lang:language>/version/<int:number>/",
        staff_views.restore,
        name="restore",
    ),
    # Offers, events, categories and the glossary (content_views.py).
    path("inhalte/", content_views.index, name="content_index"),
    path("inhalte/<lang:language>/", content_views.board, name="content_board"),
    # Everything missing or outdated in one language, by machine, as a background job.
    path(
        "inhalte/<lang:language>/maschinell/",
        content_views.machine_language,
        name="content_machine_language",
    ),
    path(
        "inhalte/<slug:kind>/<int:pk>/<lang:language>/",
        content_views.edit,
        name="content_edit",
    ),
    path(
        "inhalte/<slug:kind>/<int:pk>/<lang:language>/maschinell/",
        content_views.machine,
        name="content_machine",
    ),
    path(
        "inhalte/<slug:kind>/<int:pk>/<lang:language>/geprueft/",
        content_views.review,
        name="content_review",
    ),
    path("<lang:language>/", staff_views.board, name="board"),
]
