"""Editors' pages, included at <slug:region>/intern/portal/ (behind login)."""

from django.urls import path

from ankommen.portal import staff

app_name = "portal_staff"

urlpatterns = [
    path("", staff.index, name="index"),
    path("seite/<int:pk>/verschieben/", staff.move, name="move"),
    path("seite/<int:pk>/ziehen/", staff.drop, name="drop"),
    path("seite/<int:pk>/<lang:language>/", staff.edit, name="edit"),
    path("seite/<int:pk>/<lang:language>/maschinell/", staff.machine, name="machine"),
    path("seite/<int:pk>/<lang:language>/geprueft/", staff.review, name="review"),
    path(
        "seite/<int:pk>/<lang:language>/version/<int:number>/",
        staff.restore,
        name="restore",
    ),
    path("<lang:language>/", staff.board, name="board"),
]
