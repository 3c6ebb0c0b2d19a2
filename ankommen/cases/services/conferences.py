"""Case conferences: who may be invited (the case's network), whether the client can be
named (a consent for case conferences covering every other organisation), and the
invitations by e-mail with an iCalendar file, sent through the outbox.

Invitations never carry the client's name, address or any other personal data: only the
case number, the convening organisation, time, place and agenda. E-mail is no safe channel
for case data, whatever the consent says."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from ankommen.cases.models import Case, Conference, Consent, DataCategory, ReferralRecipient
from ankommen.cases.services.referrals import valid_consent
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.formats import format_date, format_time
from ankommen.core.models import AuditEntry, Organisation
from ankommen.outbox.mail import queue_mail

A = AuditEntry.Action
INVITATION_LANGUAGE = "de"


def case_network(case: Case) -> QuerySet[Organisation]:
    """The organisations around a case: its own, those the client gave a consent for, those
    it was referred to, and those of its earlier conferences — not every organisation of
    the region."""
    ids = {case.organisation_id}
    ids |= set(Consent.objects.filter(client=case.client).values_list("recipient_id", flat=True))
    ids |= set(case.referrals.values_list("recipient_id", flat=True))
    ids |= set(Organisation.objects.filter(conferences__case=case).values_list("pk", flat=True))
    return Organisation.objects.filter(pk__in=ids, region=case.region).order_by("name")


def consented(case: Case, organisation: Organisation) -> bool:
    """May the client be named before this organisation at a case conference?"""
    if organisation.pk == case.organisation_id:
        return True
    return (
        valid_consent(case.client, "case_conference", organisation, [DataCategory.IDENTITY])
        is not None
    )


def without_consent(case: Case, organisations) -> list[Organisation]:
    return [o for o in organisations if not consented(case, o)]


def invitation_addresses(organisation: Organisation) -> list[str]:
    """Where an organisation's invitation goes: its own address, else the people it named
    to receive its referrals."""
    if organisation.email:
        return [organisation.email]
    return sorted(
        {
            address
            for address in ReferralRecipient.objects.filter(organisation=organisation).values_list(
                "user__email", flat=True
            )
            if address
        }
    )


def conference_calendar(conference: Conference, attendees: list[str], organiser: str) -> bytes:
    """The conference as an iCalendar invitation (METHOD:REQUEST), for calendar apps."""
    cal = Calendar()
    cal.add("prodid", "-//ankommen//cases//DE")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"conference-{conference.pk}@{conference.region.slug}.ankommen")
    event.add("summary", conference_title(conference))
    start = timezone.localtime(conference.starts_at)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=conference.duration_minutes))
    event.add("dtstamp", timezone.now())
    if conference.place:
        event.add("location", conference.place)
    if conference.agenda:
        event.add("description", conference.agenda)
    event["organizer"] = vCalAddress(f"mailto:{organiser}")
    event["organizer"].params["cn"] = vText(conference.organisation.name)
    for address in attendees:
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    cal.add_component(event)
    return cal.to_ical()


def conference_title(conference: Conference) -> str:
    reference = conference.case.reference if conference.case_id else ""
    return _("Case conference %(reference)s") % {"reference": reference}


def send_invitations(actor: Actor, conference: Conference) -> list[str]:
    """Queue one invitation per invited organisation (not the convening one), each with
    the iCalendar file; returns the addresses. Sent after the surrounding transaction
    commits (the outbox)."""
    if conference.starts_at is None:
        return []
    organiser = (actor.user.email if actor.user else "") or conference.organisation.email
    sent: list[str] = []
    with translation.override(INVITATION_LANGUAGE):
        start = timezone.localtime(conference.starts_at)
        when = f"{format_date(start.date(), 'full')}, {format_time(start)}"
        subject = _("Invitation: case conference on %(when)s") % {"when": when}
        for organisation in conference.participants.exclude(pk=conference.organisation_id):
            addresses = invitation_addresses(organisation)
            if not addresses:
                continue
            body = "\n".join(
                line
                for line in (
                    _("%(convener)s invites %(organisation)s to a case conference.")
                    % {
                        "convener": conference.organisation.name,
                        "organisation": organisation.name,
                    },
                    "",
                    _("When: %(when)s (%(minutes)s minutes)")
                    % {"when": when, "minutes": conference.duration_minutes},
                    _("Where: %(place)s") % {"place": conference.place or "—"},
                    _("Case: %(reference)s") % {"reference": conference.case.reference},
                    "",
                    conference.agenda,
                    "",
                    _(
                        "For data protection this invitation names no client. The calendar "
                        "file is attached."
                    ),
                )
                if line is not None
            )
            ics = conference_calendar(conference, addresses, organiser or addresses[0])
            queue_mail(
                subject,
                body,
                None,
                addresses,
                reply_to=[organiser] if organiser else None,
                attachments=[("einladung.ics", ics.decode(), "text/calendar; method=REQUEST")],
            )
            sent.extend(addresses)
    if sent:
        conference.invitations_sent_at = timezone.now()
        conference.save(update_fields=["invitations_sent_at"])
        audit(actor, A.SHARE, conference, invited=len(sent), case_id=conference.case_id)
    return sent
