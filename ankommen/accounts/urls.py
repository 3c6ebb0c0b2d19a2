"""Included at the site's root: the sign-in page and the password pages (/anmelden/…),
sign-out (/abmelden/), and in each region a person's home page and her account pages
(/<region>/intern/…)."""

from django.urls import path

from ankommen.accounts import staff_views, views

app_name = "accounts"

urlpatterns = [
    path("anmelden/", views.SignInView.as_view(), name="sign_in"),
    path("abmelden/", views.SignOutView.as_view(), name="sign_out"),
    path(
        "anmelden/passwort-vergessen/",
        views.ForgottenPasswordView.as_view(),
        name="password_forgotten",
    ),
    path(
        "anmelden/passwort-vergessen/gesendet/",
        views.ForgottenPasswordSentView.as_view(),
        name="password_forgotten_sent",
    ),
    path(
        "anmelden/passwort/fertig/",
        views.SetPasswordDoneView.as_view(),
        name="password_set_done",
    ),
    path(
        "anmelden/passwort/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="password_set",
    ),
    path("<slug:region>/intern/", staff_views.home, name="home"),
    path(
        "<slug:region>/intern/konto/passwort/",
        staff_views.password_change,
        name="password_change",
    ),
    path("<slug:region>/intern/konto/personen/", staff_views.people, name="people"),
    path(
        "<slug:region>/intern/konto/personen/einladen/",
        staff_views.invitation,
        name="invite",
    ),
    path(
        "<slug:region>/intern/konto/personen/<int:pk>/deaktivieren/",
        staff_views.deactivation,
        name="deactivate",
    ),
]
