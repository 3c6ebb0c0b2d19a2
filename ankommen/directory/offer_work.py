"""Staff work on offers outside the back office: the offer list a person starts from, the
German texts of an offer, and corrections proposed by staff who may see an offer but not
edit it.

Who may edit which offer is permissions.py's rule (`directory.change_offer`): the region's
KI coordinator, the editors of the maintaining organisation (and of those above it), the
integration officer of the town whose organisations maintain it. A correction goes to them:
a task on their staff home (workspace.py) and a mail to the maintaining organisation's
editors (or, without any, the organisation's own address and the region's KI).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.core.links import absolute_url
from ankommen.core.models import Area, Language, Region, Role, RoleAssignment
from ankommen.core.permissions import scope_of
from ankommen.core.translation import SOURCE_LANGUAGE
from ankommen.directory.models import (
    REMINDER_AFTER_DAYS,
    STALE_AFTER_DAYS,
    Offer,
    OfferCorrection,
    OfferTranslation,
)
from ankommen.outbox.mail import queue_mail

# Freshness filter values: confirmed within six months, due for confirmation (six months),
# not confirmed for nine months (public flag).
FRESH, DUE, STALE = "fresh", "due", "stale"


@dataclass(frozen=True)
class OfferFilter:
    town: Area | None = None
    kind: str = ""
    freshness: str = ""
    mine: bool = False


def default_filter(user, region: Region) -> OfferFilter:
    """What a person sees first: an integration officer her town's offers, an organisation
    editor the offers she may edit, the KI the whole region."""
    scope = scope_of(user)
    if region.pk in scope.coordinator_region_ids or scope.is_admin:
        return OfferFilter()
    if scope.officer_town_ids:
        town = Area.objects.filter(region=region, pk__in=scope.officer_town_ids).first()
        if town is not None:
            return OfferFilter(town=town)
    if scope.editor_organisation_ids:
        return OfferFilter(mine=True)
    return OfferFilter()


def freshness_of(offer: Offer, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    age = (today - offer.last_confirmed).days
    if age > STALE_AFTER_DAYS:
        return STALE
    if age > REMINDER_AFTER_DAYS:
        return DUE
    return FRESH


def offers_for(user, region: Region, chosen: OfferFilter) -> QuerySet[Offer]:
    """The region's offers the user may see, filtered, by German title."""
    offers = Offer.objects.visible_to(user).filter(region=region)
    if chosen.mine:
        offers = offers.filter(pk__in=Offer.objects.editable_by(user).values("pk"))
    if chosen.town is not None:
        offers = offers.serving(chosen.town)
    if chosen.kind:
        offers = offers.filter(kind=chosen.kind)
    today = timezone.localdate()
    reminder = today - dt.timedelta(days=REMINDER_AFTER_DAYS)
    stale = today - dt.timedelta(days=STALE_AFTER_DAYS)
    if chosen.freshness == FRESH:
        offers = offers.filter(last_confirmed__gte=reminder)
    elif chosen.freshness == DUE:  # the reminder's rule: six months or more
        offers = offers.filter(last_confirmed__lt=reminder)
    elif chosen.freshness == STALE:
        offers = offers.filter(last_confirmed__lt=stale)
    return offers.select_related("maintainer", "organisation").prefetch_related(
        "translations__language"
    )


def by_title(offers) -> list[Offer]:
    return sorted(offers, key=lambda offer: offer.title(SOURCE_LANGUAGE).casefold())


@transaction.atomic
def save_german_texts(
    offer: Offer,
    user,
    *,
    title: str,
    summary: str,
    description: str,
    expected_version: int,
    orientation: str | None = None,
    childcare: bool | None = None,
) -> OfferTranslation:
    """Write the offer's German title, summary and description. Refused (PermissionDenied)
    for whoever may not edit the offer; ConflictError when someone saved it in between."""
    if not user.has_perm("directory.change_offer", offer):
        raise PermissionDenied(_("You may not edit this offer."))
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("An offer needs a title.")}, code="required")
    fields = ["version", "updated_at"]
    # The kind of work (table 2) and childcare are edited in the same form; None keeps them.
    if orientation is not None:
        if orientation not in {"", *Offer.Orientation.values}:
            raise ValidationError(
                {"orientation": _("Choose one of the kinds of work offered.")}, code="invalid"
            )
        offer.orientation = orientation
        fields.append("orientation")
    if childcare is not None:
        offer.childcare = childcare
        fields.append("childcare")
    # The offer's version counts text changes too: two editors cannot overwrite each other.
    offer.save_checked(expected_version=expected_version, update_fields=fields)
    german = Language.objects.get(code=SOURCE_LANGUAGE)
    row = OfferTranslation.objects.filter(offer=offer, language=german).first()
    if row is None:
        row = OfferTranslation(offer=offer, language=german)
    row.title, row.summary, row.description = title, summary.strip(), description.strip()
    row.provenance = OfferTranslation.Provenance.HUMAN
    row.full_clean(exclude=["offer", "language"])
    row.save()
    return row


def confirm_offer(offer: Offer, user, *, today: dt.date | None = None) -> None:
    """The owner confirms the entry as up to date today (the freshness rule's clock starts
    again, and a new reminder may follow after six months)."""
    if not user.has_perm("directory.change_offer", offer):
        raise PermissionDenied(_("You may not edit this offer."))
    today = today or timezone.localdate()
    Offer.objects.filter(pk=offer.pk).update(last_confirmed=today, reminder_sent=None)
    offer.last_confirmed, offer.reminder_sent = today, None


def may_propose(user, offer: Offer) -> bool:
    """Staff who see the offer but may not edit it propose a correction instead."""
    return user.has_perm("directory.view_offer", offer) and not user.has_perm(
        "directory.change_offer", offer
    )


def correction_recipients(offer: Offer) -> list[str]:
    """Those who may edit the offer on the spot: the maintaining organisation's editors and
    the integration officers of the town its organisation works in; without any with an
    address, the organisation's own address; without that, the region's KI coordinators."""
    editors = RoleAssignment.objects.filter(
        role=Role.ORGANISATION_EDITOR, organisation=offer.maintainer
    ).select_related("user")
    officers = RoleAssignment.objects.filter(
        role=Role.MUNICIPAL_OFFICER, region=offer.region
    ).select_related("user")
    addresses = {a.user.email for a in editors if a.user.email}
    addresses |= {
        a.user.email
        for a in officers
        if a.user.email and a.user.has_perm("directory.change_offer", offer)
    }
    if not addresses and offer.maintainer.email:
        addresses = {offer.maintainer.email}
    if not addresses:
        coordinators = RoleAssignment.objects.filter(
            role=Role.KI_COORDINATOR, region=offer.region
        ).values_list("user__email", flat=True)
        addresses = {email for email in coordinators if email}
    return sorted(addresses)


@transaction.atomic
def propose_correction(offer: Offer, user, message: str) -> OfferCorrection:
    """Store the proposal and mail it to the offer's owners (sent after the commit)."""
    if not may_propose(user, offer):
        raise PermissionDenied(_("You may not propose a correction to this offer."))
    message = message.strip()
    if len(message) < 5:
        raise ValidationError(
            {"message": _("Please say in a few words what should be corrected.")},
            code="too_short",
        )
    correction = OfferCorrection.objects.create(offer=offer, author=user, message=message)
    who = user.get_full_name() or user.get_username()
    link = absolute_url(
        reverse("directory_staff:offer_edit", kwargs={"region": offer.region.slug, "pk": offer.pk})
    )
    # The owners' mail is German, like the directory's other mails to organisations.
    queue_mail(
        f"Korrekturvorschlag zum Angebot „{offer.title(SOURCE_LANGUAGE)}“",
        f"Guten Tag,\n\n{who} schlägt eine Korrektur zu diesem Eintrag im Wegweiser vor:\n\n"
        f"{message}\n\nSie können den Eintrag hier bearbeiten und den Vorschlag als "
        f"übernommen oder nicht übernommen markieren:\n{link}\n",
        None,
        correction_recipients(offer),
        reply_to=[user.email] if user.email else None,
    )
    return correction


@transaction.atomic
def close_correction(correction: OfferCorrection, user, *, taken_over: bool) -> None:
    """The owner marks a proposal as taken over or not; refused for anyone else."""
    if not user.has_perm("directory.change_offer", correction.offer):
        raise PermissionDenied(_("You may not edit this offer."))
    updated = OfferCorrection.objects.filter(
        pk=correction.pk, status=OfferCorrection.Status.OPEN
    ).update(
        status=OfferCorrection.Status.DONE if taken_over else OfferCorrection.Status.DECLINED,
        handled_by=user,
        handled_at=timezone.now(),
    )
    if updated != 1:
        raise ValidationError(_("This proposal was already answered."), code="answered")
