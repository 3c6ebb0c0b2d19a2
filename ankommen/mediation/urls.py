"""The public page, included at <slug:region>/<lang:language>/sprachmittlung/."""

from django.urls import path

from ankommen.mediation import public_views

app_name = "mediation_public"

urlpatterns = [path("", public_views.pools_page, name="pools")]
