from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from ankommen.core import (
    ops_views,
    routing,  # noqa: F401  (registers the <lang:…> converter)
)
from ankommen.core import public_views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/live", ops_views.live, name="healthz_live"),
    path("healthz/ready", ops_views.ready, name="healthz_ready"),
    path("metrics", ops_views.metrics, name="metrics"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include("ankommen.api.urls")),
    path("sso/", include("ankommen.signon.urls")),
    # The sign-in page, the password pages, and each region's staff home (/<region>/intern/).
    path("", include("ankommen.accounts.urls")),
    # Region-scoped routes come last: a region's slug is the first path segment, the
    # content language the second (see ankommen/core/routing.py).
    path("<slug:region>/intern/faelle/zwei-faktor/", include("ankommen.twofactor.staff_urls")),
    path("<slug:region>/intern/faelle/", include("ankommen.cases.staff_urls")),
    path("<slug:region>/intern/aktionsplan/", include("ankommen.actionplan.staff_urls")),
    path("<slug:region>/intern/sprachmittlung/", include("ankommen.mediation.staff_urls")),
    path("<slug:region>/<lang:language>/sprachmittlung/", include("ankommen.mediation.urls")),
    path("<slug:region>/intern/ehrenamt/", include("ankommen.volunteering.staff_urls")),
    path("<slug:region>/<lang:language>/ehrenamt/", include("ankommen.volunteering.urls")),
    path("<slug:region>/<lang:language>/aktionsplan/", include("ankommen.actionplan.urls")),
    path("<slug:region>/intern/netzwerke/", include("ankommen.networks.staff_urls")),
    path("<slug:region>/<lang:language>/gremien/", include("ankommen.networks.urls")),
    path("<slug:region>/intern/monitoring/", include("ankommen.monitoring.staff_urls")),
    path("<slug:region>/intern/mindeststandard/", include("ankommen.coverage.staff_urls")),
    path("<slug:region>/<lang:language>/monitoring/", include("ankommen.monitoring.urls")),
    path("<slug:region>/intern/angebote/", include("ankommen.directory.staff_urls")),
    path("<slug:region>/<lang:language>/angebote/", include("ankommen.directory.urls")),
    path("<slug:region>/intern/portal/", include("ankommen.portal.staff_urls")),
    path("<slug:region>/intern/beteiligung/", include("ankommen.participation.staff_urls")),
    path("<slug:region>/<lang:language>/beteiligung/", include("ankommen.participation.urls")),
    path("<slug:region>/intern/auftraege/", include("ankommen.jobs.staff_urls")),
    path("<slug:region>/intern/krise/", include("ankommen.crisis.staff_urls")),
    path("<slug:region>/<lang:language>/aktuelles/", include("ankommen.crisis.urls")),
    path(
        "<slug:region>/<lang:language>/wp-json/extensions/v3/",
        include("ankommen.api.v3.legacy_urls"),
    ),
    path(
        "<slug:region>/<lang:language>/wp-json/ig-mpdf/v1/",
        include("ankommen.api.v3.pdf_urls"),
    ),
    path("<slug:region>/<lang:language>/ort/", core_views.choose_town, name="choose_town"),
    path("<slug:region>/<lang:language>/", include("ankommen.api.v3.app_paths")),
    path("<slug:region>/<lang:language>/suche/", include("ankommen.search.urls")),
    path("<slug:region>/<lang:language>/", include("ankommen.portal.urls")),
    path("<slug:region>/", include("ankommen.core.urls")),
]

handler500 = "ankommen.core.public_views.server_error"
