"""The job pages at /<region>/intern/auftraege/: one job's progress and result (the page
refreshes itself: a small script asks the JSON address, or without script a meta refresh),
and the list of the region's recent and failed jobs for its KI coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ankommen.core.models import Region
from ankommen.core.routing import staff_view
from ankommen.jobs.dispatch import QueueUnavailable, broker_reachable
from ankommen.jobs.models import Job, JobStatus
from ankommen.jobs.permissions import may_see_all_jobs
from ankommen.jobs.runner import retry_failed

RECENT = 50


def get_job_for_user(user, region: Region, pk: int) -> Job:
    """The job, if this person may see it (404 otherwise)."""
    return get_object_or_404(Job.objects.visible_to(user, region), pk=pk)


@staff_view("jobs.use_job_pages")
@require_safe
def job_list(request: HttpRequest, region: Region) -> HttpResponse:
    if not may_see_all_jobs(request.user, region):
        raise PermissionDenied
    jobs = Job.objects.filter(region=region).select_related("started_by")
    return render(
        request,
        "jobs/staff/list.html",
        {
            "region": region,
            "failed": list(jobs.filter(status=JobStatus.FAILED)[:RECENT]),
            "recent": list(jobs[:RECENT]),
            "queue_up": broker_reachable(),
        },
    )


@staff_view("jobs.use_job_pages")
@require_safe
def job_detail(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, region, pk)
    return render(
        request,
        "jobs/staff/detail.html",
        {
            "region": region,
            "job": job,
            "may_retry": job.status == JobStatus.FAILED and may_see_all_jobs(request.user, region),
        },
    )


@staff_view("jobs.use_job_pages")
@require_safe
def job_status(request: HttpRequest, region: Region, pk: int) -> JsonResponse:
    """What the progress bar reads every few seconds."""
    job = get_job_for_user(request.user, region, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "finished": job.finished,
        }
    )


@staff_view("jobs.use_job_pages")
@require_POST
def job_retry(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """A KI coordinator tries a failed job again."""
    if not may_see_all_jobs(request.user, region):
        raise PermissionDenied
    job = get_job_for_user(request.user, region, pk)
    try:
        retry_failed(job)
    except QueueUnavailable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The job is queued again."))
    return redirect("jobs_staff:detail", region=region.slug, pk=job.pk)
