"""Staff pages, included at <slug:region>/intern/netzwerke/ (behind login)."""

from django.urls import path

from ankommen.networks import staff_views

app_name = "networks_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("gremium/<int:pk>/", staff_views.body_detail, name="body"),
    path("gremium/<int:pk>/sitzung/", staff_views.meeting_create, name="meeting_create"),
    path("gremium/<int:pk>/mitglied/", staff_views.member_add, name="member_add"),
    path("gremium/<int:pk>/aufgabe/", staff_views.task_add, name="task_add"),
    path("gremium/<int:pk>/dokument/", staff_views.document_upload, name="document_upload"),
    path("dokument/<int:pk>/", staff_views.document_download, name="document"),
    path("aufgabe/<int:pk>/status/", staff_views.task_status, name="task_status"),
    path("sitzung/<int:pk>/", staff_views.meeting_detail, name="meeting"),
    path("sitzung/<int:pk>/einladen/", staff_views.meeting_invite_view, name="invite"),
    path("sitzung/<int:pk>/anwesenheit/", staff_views.attendance_view, name="attendance"),
    path("sitzung/<int:pk>/protokoll/", staff_views.minutes_view, name="minutes"),
    path("sitzung/<int:pk>/beschluss/", staff_views.decision_add, name="decision"),
]
