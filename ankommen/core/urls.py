from django.urls import path

from ankommen.core import views

app_name = "core"

urlpatterns = [
    path("", views.region_home, name="region"),
]
