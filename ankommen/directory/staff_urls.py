"""Staff pages, included at <slug:region>/intern/angebote/."""

from django.urls import path

from ankommen.directory import staff

app_name = "directory_staff"

urlpatterns = [
    path("pruefen/", staff.review_board, name="review_board"),
]
