from django.urls import path  # noqa: F401

app_name = "api_v1"
urlpatterns: list = []
