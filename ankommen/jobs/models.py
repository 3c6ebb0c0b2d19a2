"""The record of every long job: one `Job` row per job a person starts or a schedule runs,
and one `PeriodicRun` row per periodic job and period, claimed before it runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    RETRYING = "retrying", _("waiting for another attempt")
    SUCCEEDED = "succeeded", _("done")
    FAILED = "failed", _("failed")


FINISHED = {JobStatus.SUCCEEDED, JobStatus.FAILED}


class JobQuerySet(models.QuerySet):
    def visible_to(self, user, region) -> JobQuerySet:
        """The region's jobs for the region's job admins; everyone else sees only her own."""
        from ankommen.jobs.permissions import may_see_all_jobs

        jobs = self.filter(region=region)
        if may_see_all_jobs(user, region):
            return jobs
        return jobs.filter(started_by=user)


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=100)
    region = models.ForeignKey(
        "core.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    # Keyword arguments of the job's function (JSON): ids and texts, never objects.
    arguments = models.JSONField(default=dict, blank=True)
    # The language of the person who started it: the job's messages are in it.
    language = models.CharField(max_length=10, default="de")
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(_("result"), blank=True)
    # The lines of the result page (e.g. every skipped row of an import).
    details = models.JSONField(default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    # Which worker process runs it ("host:pid"), for the operator.
    worker = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))

    @property
    def label(self) -> str:
        from ankommen.jobs.registry import label_of

        return label_of(self.kind)

    def progress(self, done: int, total: int | None = None) -> None:
        """Record how far the job is; written at once (outside the job's own transaction,
        which the worker keeps on its own connection), so the progress page sees it."""
        self.done = done
        if total is not None:
            self.total = total
        Job.objects.filter(pk=self.pk).update(done=self.done, total=self.total)


class PeriodicRun(models.Model):
    """A periodic job's claim on one period (a day, or a minute for the outbox): the row is
    inserted in a transaction before the job runs, so a second worker or a second beat that
    fires the same job for the same period finds it taken and does nothing."""

    name = models.CharField(max_length=100)
    period = models.CharField(max_length=40)
    job = models.OneToOneField(Job, on_delete=models.SET_NULL, null=True, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "period"], name="jobs_periodic_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.period}"
