"""A URL configuration for testing region_view with views of both kinds."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path

from ankommen.core.routing import region_view


@region_view
def translated(request, region, language):
    return render(request, "base.html")


@region_view(interface_language_content=True)
def german_only(request, region, language):
    return render(request, "base.html")


@region_view
def echo(request, region, language):
    return HttpResponse(f"{region.slug} {language.code}")


urlpatterns = [
    path("<slug:region>/<lang:language>/translated/", translated),
    path("<slug:region>/<lang:language>/german-only/", german_only),
    path("<slug:region>/<lang:language>/echo/", echo),
    # The platform's own routes, for set_language and the layout's links.
    path("", include("ankommen.urls")),
]
