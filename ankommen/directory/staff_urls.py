"""Staff pages, included at <slug:region>/intern/angebote/."""

from django.urls import path

from ankommen.directory import staff_views

app_name = "directory_staff"

urlpatterns = [
    path("pruefen/", staff_views.review_board, name="review_board"),
]
