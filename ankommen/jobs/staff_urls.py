from django.urls import path

from ankommen.jobs import staff_views

app_name = "jobs_staff"

urlpatterns = [
    path("", staff_views.job_list, name="list"),
    path("<int:pk>/", staff_views.job_detail, name="detail"),
    path("<int:pk>/stand/", staff_views.job_status, name="status"),
    path("<int:pk>/wiederholen/", staff_views.job_retry, name="retry"),
]
