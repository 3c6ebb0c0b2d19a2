"""Freshness: remind the maintaining organisation's editors after 6 months without a
confirmation; the public flag and the KI's review board take over after 9 months. Nothing
is ever unpublished or deleted automatically."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ankommen.core.links import absolute_url
from ankommen.core.models import Role, RoleAssignment
from ankommen.directory.models import REMINDER_AFTER_DAYS, Offer
from ankommen.outbox.mail import queue_mail


def send_reminders(*, today: dt.date | None = None) -> tuple[int, int]:
    """Mails one reminder per maintaining organisation; returns (mails, offers)."""
    today = today or timezone.localdate()
    limit = today - dt.timedelta(days=REMINDER_AFTER_DAYS)
    due = (
        Offer.objects.filter(last_confirmed__lt=limit, reminder_sent__isnull=True)
        .select_related("maintainer", "region")
        .prefetch_related("translations__language")
        .order_by("maintainer_id", "key")
    )
    by_maintainer: dict[int, list[Offer]] = defaultdict(list)
    for offer in due:
        by_maintainer[offer.maintainer_id].append(offer)
    mails = 0
    for offers in by_maintainer.values():
        maintainer = offers[0].maintainer
        recipients = sorted(
            {
                email
                for email in RoleAssignment.objects.filter(
                    role=Role.ORGANISATION_EDITOR, organisation=maintainer
                ).values_list("user__email", flat=True)
                if email
            }
            or ({maintainer.email} if maintainer.email else set())
        )
        if not recipients:
            continue
        listing = "\n".join(
            f"- {o.title('de')} (zuletzt bestätigt am {o.last_confirmed:%d.%m.%Y})" for o in offers
        )
        back_office = absolute_url(reverse("admin:directory_offer_changelist"))
        # The mail and the mark that it was sent are committed together (ankommen.outbox).
        with transaction.atomic():
            queue_mail(
                f"Bitte prüfen: {len(offers)} Einträge im Wegweiser",
                f"Guten Tag,\n\ndiese Einträge von {maintainer.name} wurden seit über sechs "
                f"Monaten nicht bestätigt:\n\n{listing}\n\nBitte prüfen Sie sie im Backoffice "
                f"({back_office}) und bestätigen Sie sie oder ändern Sie sie. Nach neun Monaten "
                "werden sie öffentlich als nicht bestätigt gekennzeichnet.\n",
                None,
                recipients,
            )
            Offer.objects.filter(pk__in=[o.pk for o in offers]).update(reminder_sent=today)
        mails += 1
    return mails, sum(len(v) for v in by_maintainer.values())
