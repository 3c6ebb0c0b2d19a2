"""The kinds of job. A module declares the long work it hands to the workers in its own
`jobs.py` (found at start by `JobsConfig.ready()`):

    @job_kind("portal.translate_language", label=_("Translate a language by machine"))
    def translate_language(job, *, language: str) -> str:
        ...
        job.progress(done, total)
        return "42 texts translated"

The function gets the `Job` and its `arguments`, reports progress with `job.progress()`,
may put lines for the result page in `job.details`, and returns the result's one-line
summary. It raises `JobFailed` for what another attempt cannot mend (a malformed file:
the job fails at once with that message); any other exception is retried, with growing
pauses, until the kind's `max_attempts`. It must be safe to run twice: a worker that dies
in the middle leaves the job to be run again (do the writing in one transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


class JobFailed(Exception):
    """A failure that another attempt cannot mend; str() is the message for the person."""


@dataclass(frozen=True)
class Kind:
    name: str
    function: Callable[..., str | None]
    label: str
    max_attempts: int = 3


KINDS: dict[str, Kind] = {}


def job_kind(name: str, *, label, max_attempts: int = 3):
    """Declare a function as a kind of job (see the module docstring)."""

    def register(function: Callable[..., str | None]) -> Callable[..., str | None]:
        KINDS[name] = Kind(name, function, label, max_attempts)
        return function

    return register


def label_of(kind: str) -> str:
    found = KINDS.get(kind)
    if found is not None:
        return str(found.label)
    if kind.startswith("periodic."):
        return str(_("Periodic job “%(name)s”") % {"name": kind.removeprefix("periodic.")})
    return kind


# Functions the workers may call without a job record (small, frequent work such as sending
# one mail of the outbox), by their dotted path: only these, whatever a message asks for.
BACKGROUND_FUNCTIONS: dict[str, Callable[..., object]] = {}


def background_function(function: Callable[..., object]) -> Callable[..., object]:
    """Allow `jobs.queue.call_later(function, …)` for this function."""
    BACKGROUND_FUNCTIONS[f"{function.__module__}.{function.__qualname__}"] = function
    return function
