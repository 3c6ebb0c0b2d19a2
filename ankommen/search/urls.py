"""Public, included at <slug:region>/<lang:language>/suche/."""

from django.urls import path

from ankommen.search import public_views

app_name = "search"

urlpatterns = [path("", public_views.results, name="results")]
