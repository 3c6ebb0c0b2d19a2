"""Staff pages, included at <slug:region>/intern/ehrenamt/ (behind login)."""

from django.urls import path

from ankommen.volunteering import staff_views as views

app_name = "volunteering"

urlpatterns = [
    path("", views.index, name="index"),
    path("angebote/neu/", views.opportunity_edit, name="opportunity_new"),
    path("angebote/<int:pk>/", views.opportunity_edit, name="opportunity"),
    path(
        "angebote/<int:pk>/texte/<lang:language>/",
        views.translation_edit,
        name="translation",
    ),
    path("rueckmeldungen/<int:pk>/", views.answer_detail, name="answer"),
    path("ehrenamtliche/", views.volunteers, name="volunteers"),
    path("ehrenamtliche/neu/", views.volunteer_new, name="volunteer_new"),
    path("ehrenamtliche/<int:pk>/", views.volunteer_detail, name="volunteer"),
    path("ehrenamtliche/<int:pk>/stunden/", views.hours_add, name="hours_add"),
    path("ehrenamtliche/<int:pk>/engagement/", views.engagement_add, name="engagement_add"),
    path("ehrenamtliche/<int:pk>/loeschen/", views.volunteer_erase_view, name="volunteer_erase"),
    path("belastung/", views.load_view, name="load"),
    path("schulungen/", views.trainings, name="trainings"),
    path("schulungen/neu/", views.training_new, name="training_new"),
    path("schulungen/<int:pk>/", views.training_detail, name="training"),
    path("schulungen/<int:pk>/anmelden/", views.training_register_view, name="training_register"),
    path("schulungen/<int:pk>/teilnahme/", views.attendance, name="attendance"),
    path("bescheinigung/<int:pk>.pdf", views.certificate, name="certificate"),
    path("mein-engagement/", views.mine, name="mine"),
    path("mein-engagement/<int:pk>/loeschen/", views.mine_erase, name="mine_erase"),
]
