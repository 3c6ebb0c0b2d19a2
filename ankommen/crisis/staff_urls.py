"""Staff pages, included at <slug:region>/intern/krise/ (behind login)."""

from django.urls import path

from ankommen.crisis import staff_views

app_name = "crisis_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("stufe/", staff_views.switch, name="switch"),
    path("massnahmen/", staff_views.checklist, name="checklist"),
    path("massnahmen/<int:pk>/", staff_views.tick, name="tick"),
    path("strukturen/", staff_views.structures, name="structures"),
    path("strukturen/neu/", staff_views.structure_edit, name="structure_new"),
    path("strukturen/<int:pk>/", staff_views.structure_edit, name="structure"),
    path("strukturen/<int:pk>/bestaetigen/", staff_views.structure_confirm, name="confirm"),
    path("tagesmeldung/", staff_views.report, name="report"),
    path("lage/", staff_views.situation, name="dashboard"),
    path("lage.csv", staff_views.export, name="export"),
    path("verlauf/", staff_views.history, name="history"),
    path("meldungen/", staff_views.news, name="news"),
    path("meldungen/<int:pk>/", staff_views.news_item, name="news_item"),
    path("meldungen/<int:pk>/status/", staff_views.news_status, name="news_status"),
    path("krisenseite/", staff_views.crisis_page, name="crisis_page"),
]
