from django.urls import path

from ankommen.core import public_views

app_name = "core"

urlpatterns = [
    path("", public_views.region_start, name="start"),
    # The staff-facing overview (modules, towns), behind "For professionals" in the footer.
    path("fachkraefte/", public_views.region_home, name="region"),
]
