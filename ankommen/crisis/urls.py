"""Public pages, included at <slug:region>/<lang:language>/aktuelles/."""

from django.urls import path

from ankommen.crisis import public_views

app_name = "crisis"

urlpatterns = [
    path("", public_views.news_list, name="news"),
    path("<int:pk>/", public_views.news_detail, name="news_item"),
]
