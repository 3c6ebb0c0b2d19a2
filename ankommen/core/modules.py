"""How the modules (one Django app each) plug into the platform.

An app takes part by defining any of these on its AppConfig:

- `load_demo(*, stdout, **options)`: add its part of the Kreis Gütersloh demo data,
  idempotently;
- `demo_accounts()`: the user names of the demo accounts it creates (`load_demo --once`
  loads again when one is missing, and gives them the demo password);
- `region_links(region)`: links for a region's start page, as (label, url) pairs;
- `admin_second_factor(request)`: a response (a redirect to its second-factor page) when
  the signed-in user must confirm a second factor before using the admin, else None
  (ankommen/twofactor answers it);
- `second_factor_home(user, region)`: the page a person lands on after confirming her
  second factor, if this module asks her for one in the region (the case module: her
  case list), else None; ankommen/twofactor opens its code page only for such people;
- `staff_second_factor(request, region)`: like `admin_second_factor`, for the staff pages
  that ask for it (`staff_view(..., second_factor=True)` in routing.py: the case pages;
  ankommen/twofactor answers it);
- `user_admin_actions()`: admin actions (functions) offered on the user list, e.g. the
  link to set up the authenticator (ankommen/twofactor);
- `resolve_reference(kind, key, region)`: the public address of one of its records named by
  a stable reference "<app label>.<kind>:<key>" (used where a module links to another
  module's records without a database relation, e.g. the action plan), or None;
- `records_linked_to(reference, user, region)`: this module's records that point to another
  module's record named by a reference "<app label>.<kind>:<key>", as `LinkedRecord`s the
  person may see (e.g. the networks' tasks linked to an action-plan step, which the step's
  page lists without importing the networks);
- `public_content()`: the models whose saves change what the public sees, each with the
  path to its region ("region", "page__region") or `content_version.SHARED`; their changes
  raise the region's content version, which every cache of public content reads
  (`ankommen/core/content_version.py`).

- `error_response(request, status, message)`: the error answer in the module's own shape
  for a request to one of its paths, else None (the API: v1's JSON error shape for input
  that the platform's middleware refuses before any view runs);
- `staff_modules(user, region)`: the module's staff pages this person may use in the
  region, as `StaffModule`s (label, address, what it is for): the tiles of her home page
  "Mein Arbeitsplatz" and the navigation in every staff page's header. Cheap: no more
  than a permission check, it runs on every staff page;
- `staff_tasks(user, region)`: what needs her action now in this module, as `Task`s
  (what, how many, where to do it): offers to answer, referrals in the inbox, overdue
  steps … The module decides what counts (its own rules); the home page only shows them.
- `review_board_sections(request, region)`: rendered sections (HTML) for the directory's
  review board, beside the searches that found nothing: further signals of missing offers
  (participation: the residents' reports "Fehlt ein Angebot?"), or [] for people who may
  not see them.

- `readiness_checks()`: what this module needs to serve, as a mapping of a short name
  ("task-queue") to a probe without arguments that returns when all is well and raises
  when not (`ankommen.core.health.NotReady("…")` with a message safe to show; any other
  exception is reported by its class name only). `/healthz/ready` runs them after the
  database, migration and cache probes and answers 503 when one fails. Cheap and quick:
  load balancers ask every few seconds.

- `sign_in_options(request)`: further ways to sign in offered on the one sign-in page
  (ankommen/accounts), as (label, address) pairs (ankommen/signon: the OpenID Connect
  provider and the directory, where configured).

They are called in the order of INSTALLED_APPS, so a module can rely on the ones above it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import AppConfig, apps


@dataclass(frozen=True)
class StaffModule:
    """One module's entry in a person's workspace: a tile on her home, a link in the
    header."""

    label: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class Task:
    """Something that waits for the person: `count` of them, done at `url`, told in `label`
    (with the number). `urgent` for what is overdue or expires, shown first."""

    label: str
    count: int
    url: str
    urgent: bool = False

    @classmethod
    def of(cls, text, count: int, url: str, *, urgent: bool = False) -> Task:
        """`text` is `ngettext_lazy("%(count)s … ", "%(count)s …", "count")`: singular or
        plural by the count, which it names."""
        return cls(str(text % {"count": count}), count, url, urgent)


@dataclass(frozen=True)
class LinkedRecord:
    """A record of one module that points to a record of another (`records_linked_to`)."""

    label: str
    url: str
    detail: str = ""
    kind: str = ""


def modules_with(hook: str) -> Iterator[AppConfig]:
    for config in apps.get_app_configs():
        if config.name.startswith("ankommen.") and callable(getattr(config, hook, None)):
            yield config


def region_links(region) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for config in modules_with("region_links"):
        links.extend(config.region_links(region))
    return links


def resolve_reference(reference: str, region) -> str | None:
    """The public address of the record a reference "app.kind:key" names, or None when the
    module is not installed, cannot resolve that kind, or has no such record."""
    app_and_kind, _, key = reference.partition(":")
    app_label, _, kind = app_and_kind.partition(".")
    if not (app_label and kind):
        return None
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return None
    resolve = getattr(config, "resolve_reference", None)
    return resolve(kind, key, region) if callable(resolve) else None


def records_linked_to(reference: str, user, region) -> list[LinkedRecord]:
    """What the installed modules link to the record named by `reference`, as far as this
    person may see it."""
    found: list[LinkedRecord] = []
    for config in modules_with("records_linked_to"):
        found.extend(config.records_linked_to(reference, user, region))
    return found


def staff_modules(user, region) -> list[StaffModule]:
    """The staff modules this person uses in the region, in INSTALLED_APPS order."""
    found: list[StaffModule] = []
    for config in modules_with("staff_modules"):
        found.extend(config.staff_modules(user, region))
    return found


def staff_tasks(user, region) -> list[Task]:
    """What waits for this person in the region (only tasks with a count), urgent first."""
    found: list[Task] = []
    for config in modules_with("staff_tasks"):
        found.extend(task for task in config.staff_tasks(user, region) if task.count > 0)
    return sorted(found, key=lambda task: not task.urgent)
