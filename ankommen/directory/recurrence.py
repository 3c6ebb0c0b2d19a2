"""Events' recurrence rules (RFC 5545 RRULE), accepted and expanded within bounds.

A rule is expanded by python-dateutil, which walks every period (second, day, week …) from
the first start. An unbounded rule — `FREQ=SECONDLY`, a huge `COUNT`, or a combination no
date satisfies (`BYMONTH=2;BYMONTHDAY=30`, which dateutil searches up to the year 9999) —
keeps a worker busy for seconds or minutes on every public page that lists events. So:

- `rule_problem()` is the one check of a rule, used by `Event.clean()` (back office, staff
  forms, loaders): at most daily, a sensible interval and count, at most a few starts a
  day, one plain rule, and a first date within `MAX_YEARS_TO_FIRST` years.
- `occurrences()` is the one expansion every page, feed and API uses: within a window of
  at most `WINDOW` and at most `MAX_OCCURRENCES` dates. A rule that fails the check (a row
  written before the check existed, or past it with `update()`) is not expanded at all:
  the event counts as its first date only.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools

from django.utils import timezone
from django.utils.translation import gettext as _

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
# The parts a community event needs; the others (BYSECOND, BYWEEKNO, BYYEARDAY, BYEASTER,
# several rules or dates in one text) only widen what a rule can cost to expand.
PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYHOUR"}
PARTS |= {"BYMINUTE", "BYSETPOS", "WKST"}
MAX_INTERVAL = 99
MAX_COUNT = 1000
MAX_STARTS_PER_DAY = 4
MAX_YEARS_TO_FIRST = 10
# The furthest any page looks ahead, and the most dates one event gives one answer.
WINDOW = dt.timedelta(days=366)
MAX_OCCURRENCES = 500


def _parts(text: str) -> dict[str, str]:
    parts = {}
    for item in text.split(";"):
        name, _sep, value = item.partition("=")
        parts[name.strip().upper()] = value.strip()
    return parts


def _number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def rule_problem(text: str, first_start: dt.datetime) -> str | None:
    """What is wrong with the rule, in the reader's language, or None if it is acceptable."""
    first_start = timezone.localtime(first_start)
    if any(sign in text for sign in ":\n\r"):
        return _("Give one rule only, such as FREQ=WEEKLY;COUNT=9, without RRULE: or dates.")
    parts = _parts(text)
    unknown = sorted(set(parts) - PARTS)
    if unknown:
        return _("This part of a recurrence rule is not supported: %(parts)s.") % {
            "parts": ", ".join(unknown)
        }
    if parts.get("FREQ") not in FREQUENCIES:
        return _("An event may repeat daily, weekly, monthly or yearly, not more often.")
    interval = parts.get("INTERVAL", "1")
    if _number(interval) is None or not 1 <= int(interval) <= MAX_INTERVAL:
        return _("The interval must be a whole number from 1 to %(max)s.") % {"max": MAX_INTERVAL}
    if "COUNT" in parts and (_number(parts["COUNT"]) is None or int(parts["COUNT"]) > MAX_COUNT):
        return _("An event may repeat at most %(max)s times.") % {"max": MAX_COUNT}
    starts_a_day = 1
    for name in ("BYHOUR", "BYMINUTE"):
        if name in parts:
            starts_a_day *= len(parts[name].split(","))
    if starts_a_day > MAX_STARTS_PER_DAY:
        return _("An event may start at most %(max)s times a day.") % {"max": MAX_STARTS_PER_DAY}
    dates = _gives_dates(text, first_start)
    if dates is None:
        return _("This is not a valid recurrence rule.")
    if not dates:
        return _("This rule gives no date within %(years)s years of the first start.") % {
            "years": MAX_YEARS_TO_FIRST
        }
    return None


def _parse(text: str, first_start: dt.datetime):
    from dateutil.rrule import rrulestr

    return rrulestr(text, dtstart=first_start)


@functools.lru_cache(maxsize=2048)
def _gives_dates(text: str, first_start: dt.datetime) -> bool | None:
    """Whether the rule's pattern gives a date within MAX_YEARS_TO_FIRST years; None if
    dateutil cannot read it. Cached: for a rule that never matches this walks a few hundred
    years of periods, and pages ask about the same rules again and again.

    dateutil looks for a matching day up to the year 9999, so the pattern is tried 400k
    years later instead: the Gregorian calendar repeats every 400 years to the weekday, so
    the pattern is the same there, and the search ends at the year 9999 after at most a
    few hundred years of periods."""
    try:
        rule = _parse(text, first_start)
    except (ValueError, TypeError, OverflowError):
        return None
    years = (dt.MAXYEAR - MAX_YEARS_TO_FIRST - first_start.year) // 400 * 400
    naive = first_start.replace(tzinfo=None)
    try:
        late = naive.replace(year=naive.year + years)
    except ValueError:  # 29 February in a year that is no leap year: cannot happen at 400k
        return False
    probe = rule.replace(dtstart=late, count=None, until=None)
    first = next(iter(probe), None)
    return first is not None and first.year - late.year <= MAX_YEARS_TO_FIRST


def usable_rule(text: str, first_start: dt.datetime) -> str:
    """The rule as pages, feeds and APIs may pass it on: empty for a rule that fails the
    check, so nobody's calendar app has to expand it either."""
    if not text or rule_problem(text, first_start) is not None:
        return ""
    return text


def occurrences(
    text: str,
    first_start: dt.datetime,
    start: dt.datetime,
    end: dt.datetime,
    limit: int = MAX_OCCURRENCES,
) -> list[dt.datetime]:
    """The starts in [start, end] — at most `limit` of them, and none beyond WINDOW after
    `start`. Without a usable rule: the first start, if it lies in the window."""
    end = min(end, start + WINDOW)
    limit = min(limit, MAX_OCCURRENCES)
    if not usable_rule(text, first_start):
        return [first_start] if start <= first_start <= end else []
    local = timezone.localtime(first_start)
    rule = _parse(text, local)
    parts = _parts(text)
    if "COUNT" not in parts:
        rule = rule.replace(dtstart=_moved_forward(local, parts, start))
    found = []
    # COUNT is at most MAX_COUNT, so the dates before `start` are bounded too.
    for moment in itertools.islice(rule, MAX_COUNT + limit):
        if moment > end:
            break
        if moment >= start:
            found.append(moment)
            if len(found) >= limit:
                break
    return found


def _moved_forward(first: dt.datetime, parts: dict[str, str], start: dt.datetime) -> dt.datetime:
    """A later first start that gives the same dates from `start` on, so an event that
    began years ago is not walked day by day from then (only without COUNT, which counts
    from the real first start). Daily and weekly rules move by whole intervals, which keeps
    their grid of days and weeks; monthly and yearly rules walk few periods anyway."""
    days = {"DAILY": 1, "WEEKLY": 7}.get(parts.get("FREQ", ""))
    if days is None or start <= first:
        return first
    step = days * int(parts.get("INTERVAL", "1"))
    periods = (start - first).days // step - 1
    if periods <= 0:
        return first
    return first + dt.timedelta(days=periods * step)
