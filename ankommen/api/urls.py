from django.urls import include, path

urlpatterns = [
    path("v3/", include("ankommen.api.v3.urls")),
    path("v1/", include("ankommen.api.v1.urls")),
]
