from django.urls import path

from ankommen.core import public_views

app_name = "core"

urlpatterns = [
    path("", public_views.region_home, name="region"),
]
