"""Staff pages, included at <slug:region>/intern/angebote/."""

from django.urls import path

from ankommen.directory import event_staff_views, offer_staff_views, staff_views

app_name = "directory_staff"

urlpatterns = [
    path("pruefen/", staff_views.review_board, name="review_board"),
]

# Offers on the staff pages (offer_staff_views.py).
urlpatterns += [
    path("", offer_staff_views.offer_list, name="offers"),
    path("<int:pk>/", offer_staff_views.offer_edit, name="offer_edit"),
    path("<int:pk>/korrektur/", offer_staff_views.propose, name="offer_propose"),
    path("<int:pk>/bestaetigen/", offer_staff_views.confirm, name="offer_confirm"),
    path("korrektur/<int:pk>/erledigt/", offer_staff_views.close, name="offer_correction_close"),
]

# Events' texts on the staff pages (event_staff_views.py).
urlpatterns += [
    path("termine/", event_staff_views.event_list, name="events"),
    path("termine/<int:pk>/", event_staff_views.event_edit, name="event_edit"),
]
