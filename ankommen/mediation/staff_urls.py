"""Staff pages, included at <slug:region>/intern/sprachmittlung/ (behind login, except
the offer page, which the signed link in the mediator's e-mail opens)."""

from django.urls import path, register_converter

from ankommen.mediation import mediator_views
from ankommen.mediation import staff_views as views


class MoneyKindConverter:
    regex = "aufwandsentschaedigung|rechnungen"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MoneyKindConverter, "moneykind")

app_name = "mediation"

urlpatterns = [
    path("", views.index, name="index"),
    path("anfrage/neu/", views.request_new, name="request_new"),
    path("anfrage/<int:pk>/", views.request_detail, name="request"),
    path("anfrage/<int:pk>/aendern/", views.request_edit, name="request_edit"),
    path("anfrage/<int:pk>/absagen/", views.request_cancel, name="request_cancel"),
    path("anfrage/<int:pk>/anbieten/", views.request_offer, name="request_offer"),
    path("anfrage/<int:pk>/zuweisen/", views.request_assign, name="request_assign"),
    path("anfrage/<int:pk>/ergebnis/", views.assignment_outcome, name="outcome"),
    path("einsatz/<int:pk>/rueckmeldung/", views.assignment_feedback, name="feedback"),
    # The mediator's own page, "Meine Einsätze", and what she changes there herself.
    path("einsaetze/", mediator_views.my_assignments, name="my_assignments"),
    path("einsaetze/angebot/<int:pk>/", mediator_views.my_offer_answer, name="my_offer_answer"),
    path(
        "einsaetze/<int:pk>/termin.ics", mediator_views.my_assignment_calendar, name="my_calendar"
    ),
    path("einsaetze/zeiten/", mediator_views.my_availability, name="my_availability"),
    path("einsaetze/abwesenheit/", mediator_views.my_absence_add, name="my_absence_add"),
    path(
        "einsaetze/abwesenheit/<int:pk>/loeschen/",
        mediator_views.my_absence_remove,
        name="my_absence_remove",
    ),
    path("einsaetze/befangenheit/", mediator_views.conflict_declare, name="conflict_declare"),
    # Its earlier addresses ("Meine Angebote und Einsätze"), kept for links and bookmarks.
    path("meine-einsaetze/", mediator_views.old_my_assignments, name="mine"),
    path("meine-einsaetze/befangenheit/", mediator_views.old_conflict_declare),
    path("angebot/<str:token>/", views.offer_page, name="offer"),
    path("uebersicht/", views.overview_page, name="overview"),
    path("<moneykind:kind>.csv", views.money_csv, name="money"),
]
