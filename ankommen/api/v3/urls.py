"""Integreat v3 paths, included at /api/v3/."""

from django.urls import path

from ankommen.api.models import Feedback
from ankommen.api.v3 import views

app_name = "api_v3"

_region = "<slug:region>/"
_language = "<slug:region>/<lang:language>/"

urlpatterns = [
    path("regions/", views.regions, name="regions"),
    path("regions/<slug:region>/", views.region_detail, name="region"),
    *[
        path(f"{_region}{answer}/", views.region_answer, {"answer": answer}, name=answer)
        for answer in views.REGION_ANSWERS
    ],
    path(f"{_region}<str:device>/is_chat_enabled/", views.is_chat_enabled, name="chat"),
    *[
        path(f"{_language}{answer}/", views.language_answer, {"answer": answer}, name=answer)
        for answer in views.LANGUAGE_ANSWERS
    ],
    path(f"{_language}page/", views.page, name="page"),
    path(f"{_language}children/", views.children, name="children"),
    path(f"{_language}parents/", views.parents, name="parents"),
    *[
        path(
            f"{_language}feedback/{kind}/",
            views.feedback,
            {"kind": kind},
            name=f"feedback-{kind}",
        )
        for kind in Feedback.Kind.values
    ],
]

# The Integreat apps' older path for the pages list, included at
# <slug:region>/<lang:language>/wp-json/extensions/v3/ by ankommen/urls.py.
legacy_urlpatterns = [
    path("pages/", views.language_answer, {"answer": "pages"}, name="legacy-pages"),
]
