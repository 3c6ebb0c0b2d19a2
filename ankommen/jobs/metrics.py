"""Prometheus metrics of the background jobs, for the /metrics page of django-prometheus
(prometheus_client's default registry):

- `ankommen_jobs_started_total{kind}`, `ankommen_jobs_succeeded_total{kind}`,
  `ankommen_jobs_failed_total{kind}`: jobs by kind, read from the `Job` table when
  scraped, so the figures are the same whichever web process or host answers and count
  the work of every worker (a counter in a worker's memory would be lost with the worker
  and never reach the web process). They drop when `forget_old_jobs` deletes jobs older
  than 90 days, which Prometheus reads as a counter reset;
- `ankommen_jobs_retrying{kind}`: jobs waiting for another attempt now;
- `ankommen_jobs_queue_depth`: messages waiting in the broker's queue (-1 when the broker
  does not answer).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import DatabaseError
from django.db.models import Count
from prometheus_client.core import REGISTRY, CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from ankommen.jobs.models import Job, JobStatus


class JobsCollector(Collector):
    def describe(self) -> Iterator:
        """The names only: registering asks for them, before the database may be read."""
        yield CounterMetricFamily("ankommen_jobs_started", "", labels=["kind"])
        yield CounterMetricFamily("ankommen_jobs_succeeded", "", labels=["kind"])
        yield CounterMetricFamily("ankommen_jobs_failed", "", labels=["kind"])
        yield GaugeMetricFamily("ankommen_jobs_retrying", "", labels=["kind"])
        yield GaugeMetricFamily("ankommen_jobs_queue_depth", "")

    def collect(self) -> Iterator:
        started = CounterMetricFamily(
            "ankommen_jobs_started", "Background jobs started, by kind", labels=["kind"]
        )
        succeeded = CounterMetricFamily(
            "ankommen_jobs_succeeded", "Background jobs done, by kind", labels=["kind"]
        )
        failed = CounterMetricFamily(
            "ankommen_jobs_failed", "Background jobs failed for good, by kind", labels=["kind"]
        )
        retrying = GaugeMetricFamily(
            "ankommen_jobs_retrying", "Jobs waiting for another attempt", labels=["kind"]
        )
        try:
            rows = list(
                Job.objects.order_by().values_list("kind", "status").annotate(n=Count("pk"))
            )
        except DatabaseError:
            rows = []
        totals: dict[str, int] = {}
        for kind, status, n in rows:
            totals[kind] = totals.get(kind, 0) + n
            if status == JobStatus.SUCCEEDED:
                succeeded.add_metric([kind], n)
            elif status == JobStatus.FAILED:
                failed.add_metric([kind], n)
            elif status == JobStatus.RETRYING:
                retrying.add_metric([kind], n)
        for kind, n in sorted(totals.items()):
            started.add_metric([kind], n)
        yield from (started, succeeded, failed, retrying)

        from ankommen.jobs.dispatch import queue_depth

        depth = queue_depth()
        yield GaugeMetricFamily(
            "ankommen_jobs_queue_depth",
            "Messages waiting in the job queue (-1: the broker does not answer)",
            value=-1 if depth is None else depth,
        )


_registered = False


def register() -> None:
    """Add the collector to prometheus_client's default registry (once per process)."""
    global _registered
    if not _registered:
        REGISTRY.register(JobsCollector())
        _registered = True
