"""Operations of the crisis module that change several records and tell people: switching
a level, ticking off a checklist item, saving a daily report, publishing news (with push),
publishing a crisis page from its template, and reminding keepers of unconfirmed entries.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ankommen.core.links import absolute_url
from ankommen.core.models import Area, ConflictError, Language, Region
from ankommen.crisis import push
from ankommen.crisis.models import (
    SOURCE_LANGUAGE,
    Assignment,
    DailyReport,
    Level,
    LevelSwitch,
    NewsItem,
    NewsTranslation,
    RegionLevel,
    ReportRevision,
    Structure,
)
from ankommen.outbox.mail import queue_mail
from ankommen.portal.models import Page, PageTranslation

logger = logging.getLogger(__name__)

STAFF_MAIL_LANGUAGE = "de"


class SwitchConflict(ConflictError):
    """Someone else switched the region's level since the form was opened."""


def region_level(region: Region) -> RegionLevel:
    """The region's current level record (created on first use, at no level)."""
    found, _created = RegionLevel.objects.select_related("level", "current_switch").get_or_create(
        region=region
    )
    return found


# --- Switching levels -----------------------------------------------------------------------


def level_switch(
    *,
    region: Region,
    level: Level,
    exercise: bool,
    reason: str,
    by,
    expected_version: int,
) -> LevelSwitch:
    """Puts the region on `level` (in exercise mode or for real), assigns the level's
    checklist to its owners and tells them by mail. Raises ValidationError for a missing
    reason or a level of another region, SwitchConflict when someone switched meanwhile."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Give a reason for the switch; it stays in the history."), code="reason_missing"
        )
    if level.region_id != region.pk:
        raise ValidationError(_("That level belongs to another region."), code="other_region")
    with transaction.atomic():
        state = region_level(region)
        if state.level_id == level.pk and state.exercise == exercise:
            raise ValidationError(_("The region is already on this level."), code="same_level")
        previous = state.current_switch
        now = timezone.now()
        switch = LevelSwitch.objects.create(
            region=region,
            from_level=state.level,
            to_level=level,
            exercise=exercise,
            reason=reason,
            switched_by=by,
            switched_at=now,
        )
        state.level = level
        state.exercise = exercise
        state.current_switch = switch
        try:
            state.save_checked(expected_version=expected_version)
        except ConflictError as error:
            raise SwitchConflict(state.pk) from error
        if previous is not None and previous.ended_at is None:
            LevelSwitch.objects.filter(pk=previous.pk).update(ended_at=now)
        assignments = [
            Assignment(
                switch=switch,
                title=measure.title,
                owner=measure.owner,
                area=measure.area,
                due_at=now + dt.timedelta(hours=measure.due_hours),
            )
            for measure in level.measures.select_related("owner")
        ]
        Assignment.objects.bulk_create(assignments)
        _notify_owners(region, switch, assignments)
    return switch


def _notify_owners(region: Region, switch: LevelSwitch, assignments: list[Assignment]) -> None:
    by_owner: dict = defaultdict(list)
    for assignment in assignments:
        by_owner[assignment.owner].append(assignment)
    url = absolute_url(reverse("crisis_staff:checklist", kwargs={"region": region.slug}))
    with translation.override(STAFF_MAIL_LANGUAGE):
        for owner, items in by_owner.items():
            if not owner.email:
                continue
            lines = "\n".join(
                f"- {item.title} ({item.area or region.name}): "
                + _("due %(when)s")
                % {"when": timezone.localtime(item.due_at).strftime("%d.%m.%Y %H:%M")}
                for item in items
            )
            subject = (
                _("Exercise: %(region)s is on level “%(level)s”")
                if switch.exercise
                else _("%(region)s is on level “%(level)s”")
            ) % {"region": region.name, "level": switch.to_level.name}
            queue_mail(
                subject,
                _(
                    "Hello %(name)s,\n\n%(region)s was switched to “%(level)s”. Reason: "
                    "%(reason)s\n\nYour measures:\n%(lines)s\n\nTick them off here:\n%(url)s\n"
                )
                % {
                    "name": owner.get_full_name() or owner.username,
                    "region": region.name,
                    "level": switch.to_level.name,
                    "reason": switch.reason,
                    "lines": lines,
                    "url": url,
                },
                None,
                [owner.email],
            )


def assignment_tick(*, assignment: Assignment, by, done: bool, note: str = "") -> None:
    assignment.done_at = timezone.now() if done else None
    assignment.done_by = by if done else None
    assignment.note = note.strip()[:500]
    assignment.save(update_fields=["done_at", "done_by", "note", "version"])


# --- Daily reports --------------------------------------------------------------------------


def accommodation_capacity(area: Area) -> int | None:
    """The accommodation places the town's inventory lists, or None when it lists none."""
    return Structure.objects.filter(area=area, kind=Structure.Kind.ACCOMMODATION).aggregate(
        total=Sum("capacity")
    )["total"]


def daily_report_save(
    *,
    area: Area,
    day: dt.date,
    arrivals: int,
    occupancy: int,
    open_needs: str,
    by,
    reason: str = "",
    expected_version: int | None = None,
) -> DailyReport:
    """Saves a town's figures of `day` under the region's current level (exercise reports
    are kept apart from real ones). A report for an earlier day, or a second save of one,
    is a correction: it needs a reason, and every version stays in the history."""
    today = timezone.localdate()
    if day > today:
        raise ValidationError(
            _("Figures can be reported for today or earlier days, not for the future."),
            code="future_day",
        )
    capacity = accommodation_capacity(area)
    if capacity is not None and occupancy > capacity:
        raise ValidationError(
            _(
                "%(occupancy)s occupied places is more than the %(capacity)s accommodation "
                "places in %(town)s's inventory. Add the places to the inventory first."
            ),
            code="over_capacity",
            params={"occupancy": occupancy, "capacity": capacity, "town": area.name},
        )
    state = region_level(area.region)
    exercise = state.exercise
    with transaction.atomic():
        report = (
            DailyReport.objects.select_for_update()
            .filter(area=area, day=day, exercise=exercise)
            .first()
        )
        is_correction = day < today or report is not None
        if is_correction and not reason.strip():
            raise ValidationError(
                _("This is a correction: say why the figures change."),
                code="reason_missing",
            )
        if report is None:
            report = DailyReport(
                region=area.region,
                area=area,
                day=day,
                exercise=exercise,
                switch=state.current_switch,
            )
        elif expected_version is not None and report.version != expected_version:
            raise ConflictError(report.pk)
        else:
            report.version += 1
        report.arrivals = arrivals
        report.occupancy = occupancy
        report.open_needs = open_needs.strip()
        report.reported_by = by
        report.save()
        ReportRevision.objects.create(
            report=report,
            arrivals=arrivals,
            occupancy=occupancy,
            open_needs=report.open_needs,
            is_correction=is_correction,
            reason=reason.strip()[:500],
            saved_by=by,
        )
    return report


# --- News -----------------------------------------------------------------------------------


def news_save_text(*, news: NewsItem, language: Language, title: str, body: str) -> NewsTranslation:
    """Saves the item's text in one language; a change of the German text makes the other
    languages outdated."""
    with transaction.atomic():
        row = NewsTranslation.objects.filter(news=news, language=language).first()
        is_source = language.code == SOURCE_LANGUAGE
        if is_source and row is not None and (row.title, row.body) != (title, body):
            news.source_version += 1
            news.save(update_fields=["source_version"])
        if row is None:
            row = NewsTranslation(news=news, language=language)
        row.title = title.strip()
        row.body = body.strip()
        row.source_version = news.source_version
        row.save()
    return row


def news_publish(*, news: NewsItem) -> None:
    """Publishes the item and sends its push notification (once) after the commit."""
    if news.text_in(SOURCE_LANGUAGE) is None:
        raise ValidationError(_("Write the German text first."), code="no_source")
    with transaction.atomic():
        news.status = NewsItem.Status.PUBLISHED
        news.published_at = news.published_at or timezone.now()
        news.save(update_fields=["status", "published_at", "version"])
    if news.pushed_at is None:
        news_push(news=news)


def news_push(*, news: NewsItem) -> int:
    """Sends the item to the push provider, one message per language it is written in;
    records the time or the problem on the item. Returns the messages sent."""
    sender = push.provider()
    if sender is None:
        return 0
    sent = 0
    problem = ""
    for row in news.translations.select_related("language"):
        message = push.PushMessage(
            topic=push.topic(news.region.slug, row.language.code),
            title=row.title,
            body=row.body[:240],
            data={"news_id": str(news.pk), "channel": "news"},
        )
        try:
            sender.send(message)
            sent += 1
        except push.PushError as error:
            logger.warning("crisis: push of news %s failed: %s", news.pk, error)
            problem = str(error)[:300]
    news.pushed_at = timezone.now() if sent and not problem else news.pushed_at
    news.push_error = problem
    NewsItem.objects.filter(pk=news.pk).update(pushed_at=news.pushed_at, push_error=problem)
    return sent


# --- Crisis pages from a template -----------------------------------------------------------


def crisis_page_create(
    *,
    region: Region,
    origin: str,
    first_stop: str,
    contact_points: str,
    town: Area | None,
    publish: bool,
) -> Page:
    """A portal page "Ankunft aus …" written from the template (German, the source of its
    translations): where to go first and today's contact points."""
    origin = origin.strip()
    title = f"Ankunft aus {origin}"
    slug = slugify(f"ankunft-aus-{origin}")[:80]
    if not origin or not slug:
        raise ValidationError(_("Name where the people arrive from."), code="origin_missing")
    if Page.objects.filter(region=region, slug=slug).exists():
        raise ValidationError(
            _("A page with the address “%(slug)s” exists already; edit it in the portal."),
            code="slug_taken",
            params={"slug": slug},
        )
    body = render_to_string(
        "crisis/page_template.html",
        {
            "origin": origin,
            "first_stop": first_stop.strip(),
            "contact_points": [
                line.strip() for line in contact_points.splitlines() if line.strip()
            ],
            "today": timezone.localdate(),
        },
    )
    with transaction.atomic():
        page = Page(
            region=region,
            town=town,
            slug=slug,
            status=Page.Status.PUBLISHED if publish else Page.Status.DRAFT,
            position=0,
        )
        page.full_clean()
        page.save()
        PageTranslation.objects.create(
            page=page,
            language=Language.objects.get(code=SOURCE_LANGUAGE),
            title=title[:200],
            summary=f"Wohin zuerst und wer heute hilft: für Menschen aus {origin}."[:300],
            body=body,
        )
    return page


# --- Reminders ------------------------------------------------------------------------------


def structures_remind(*, now: dt.datetime | None = None) -> list[Structure]:
    """Reminds each keeper of the entries not confirmed for CRISIS_CONFIRM_DAYS, at most
    once per that period per entry: safe to run as often as wanted. Returns the entries
    reminded now."""
    now = now or timezone.now()
    period = dt.timedelta(days=settings.CRISIS_CONFIRM_DAYS)
    due = (
        Structure.objects.unconfirmed(before=now - period)
        .filter(keeper__isnull=False)
        .exclude(keeper__email="")
        .exclude(reminded_at__gte=now - period)
        .select_related("keeper", "area", "region")
    )
    by_keeper: dict = defaultdict(list)
    for structure in due:
        by_keeper[structure.keeper].append(structure)
    reminded: list[Structure] = []
    with transaction.atomic(), translation.override(STAFF_MAIL_LANGUAGE):
        for keeper, structures in by_keeper.items():
            region = structures[0].region
            lines = "\n".join(f"- {s.name} ({s.area.name})" for s in structures)
            queue_mail(
                _("Please confirm your base structures"),
                _(
                    "Hello %(name)s,\n\nthese entries of the inventory were not confirmed for "
                    "%(days)s days. Please check them and confirm or correct them:\n%(lines)s\n\n"
                    "%(url)s\n"
                )
                % {
                    "name": keeper.get_full_name() or keeper.username,
                    "days": settings.CRISIS_CONFIRM_DAYS,
                    "lines": lines,
                    "url": absolute_url(
                        reverse("crisis_staff:structures", kwargs={"region": region.slug})
                    ),
                },
                None,
                [keeper.email],
            )
            Structure.objects.filter(pk__in=[s.pk for s in structures]).update(reminded_at=now)
            reminded.extend(structures)
    return reminded


def daily_structure_reminders() -> str:
    """The background jobs' daily run (ankommen/jobs/periodic.py): one line to show."""
    reminded = structures_remind()
    return f"{len(reminded)} base structure(s) reminded to their keepers"
