"""Staff pages, included at <slug:region>/intern/sprachmittlung/ (behind login, except
the offer page, which the signed link in the mediator's e-mail opens)."""

from django.urls import path, register_converter

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
    path("meine-einsaetze/", views.mine, name="mine"),
    path("meine-einsaetze/befangenheit/", views.conflict_declare, name="conflict_declare"),
    path("angebot/<str:token>/", views.offer_page, name="offer"),
    path("uebersicht/", views.overview_page, name="overview"),
    path("<moneykind:kind>.csv", views.money_csv, name="money"),
]
