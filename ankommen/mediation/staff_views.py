"""Staff pages of the mediation pools, at /<region>/intern/sprachmittlung/…

Entered through `staff_view` (the rule `mediation.use_staff_pages`: whoever runs, requests
from or serves the region's pools). Requesters (staff of an organisation) file and follow
their organisation's requests;
KI coordinators see proposals with reasons, assign directly, watch the overview and export
the money; a mediator sees her offers and assignments. The offer page is reached from the
e-mail's signed link and needs no login: the signature is the mediator's key.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ankommen.core.actor import Actor
from ankommen.core.http import set_filename
from ankommen.core.models import ConflictError, Organisation, Region
from ankommen.core.once import create_once, earlier_submission
from ankommen.core.permissions import scope_of
from ankommen.core.routing import staff_view
from ankommen.mediation import money, overview
from ankommen.mediation.forms import (
    AssignmentFeedbackForm,
    MediationRequestEditForm,
    MediationRequestForm,
    MonthForm,
    OutcomeForm,
)
from ankommen.mediation.matching import EXCLUSION_REASONS, conflicts_for, propose
from ankommen.mediation.models import (
    Assignment,
    AssignmentFeedback,
    MediationRequest,
    Mediator,
    log_request_view,
)
from ankommen.mediation.services import (
    MediationError,
    OfferLinkExpired,
    accept,
    assign_directly,
    cancel,
    decline,
    give_feedback,
    offer_from_token,
    record_outcome,
    send_offers,
)

NOT_YOURS = gettext_lazy("No such request, or it is not yours to see.")
CHANGED_MEANWHILE = gettext_lazy(
    "The KI changed your details after you opened this page. Nothing was saved. This is "
    "the current state; please make your change again."
)


# A phone shows each request as a card: 50 of them are a long page already.
REQUESTS_PER_PAGE = 50


def _runs_pool(user, region: Region) -> bool:
    return user.has_perm("mediation.assign_request", region)


def _own_organisations(user, region: Region):
    if _runs_pool(user, region):
        return Organisation.objects.filter(region=region)
    return Organisation.objects.filter(region=region, pk__in=scope_of(user).member_organisation_ids)


def _get_request(http: HttpRequest, region: Region, pk: int) -> MediationRequest:
    found = (
        MediationRequest.objects.visible_to(http.user)
        .filter(region=region, pk=pk)
        .select_related("organisation", "language", "place_area", "series", "requested_by")
        .first()
    )
    if found is None:
        raise Http404(NOT_YOURS)
    return found


def page_context(http: HttpRequest, region: Region, **extra) -> dict:
    """What every page of the pools shows in its navigation (also the mediator's pages)."""
    user = http.user
    return {
        "region": region,
        "runs_pool": _runs_pool(user, region),
        "is_requester": _own_organisations(user, region).exists(),
        "my_mediator": Mediator.objects.filter(region=region, user=user).first(),
        **extra,
    }


def to_my_assignments(region: Region, anchor: str = "") -> HttpResponse:
    """Back to the mediator's own page (mediator_views.py), at `anchor`."""
    url = reverse("mediation:my_assignments", kwargs={"region": region.slug})
    return redirect(f"{url}#{anchor}" if anchor else url)


@staff_view("mediation.use_staff_pages")
def index(http: HttpRequest, region: Region) -> HttpResponse:
    requests = (
        MediationRequest.objects.visible_to(http.user)
        .filter(region=region)
        .select_related("organisation", "language", "place_area")
        .order_by("-starts_at", "-pk")
    )
    page = Paginator(requests, REQUESTS_PER_PAGE).get_page(http.GET.get("page"))
    return render(
        http,
        "mediation/index.html",
        page_context(http, region, requests=page.object_list, page=page),
    )


@staff_view("mediation.use_staff_pages")
def request_new(http: HttpRequest, region: Region) -> HttpResponse:
    if not http.user.has_perm("mediation.add_mediationrequest", region):
        raise PermissionDenied(_("Only staff of an organisation may request mediation."))
    organisations = _own_organisations(http.user, region)
    form = MediationRequestForm(
        http.POST or None,
        region=region,
        user=http.user,
        organisations=organisations,
        may_override=http.user.has_perm("mediation.override_lead_time", region),
    )
    if http.method == "POST":
        # The same form sent again (double click, reload): back to the first request.
        mine = MediationRequest.objects.visible_to(http.user).filter(region=region)
        earlier = earlier_submission(mine, http.POST.get("submission_key"))
        if earlier is not None:
            messages.info(http, _("This request had already been sent; here it is."))
            return redirect("mediation:request", region=region.slug, pk=earlier.pk)
    if http.method == "POST" and form.is_valid():
        offers: list = []

        def create() -> MediationRequest:
            # Request, offers and their mails in one transaction: all of them or none.
            created = form.save()
            offers.extend(send_offers(created))
            return created

        created, new = create_once(mine, form.cleaned_data.get("submission_key"), create)
        if not new:
            messages.info(http, _("This request had already been sent; here it is."))
        elif offers:
            messages.success(
                http,
                _("Your request was saved and offered to %(count)s mediators.")
                % {"count": len(offers)},
            )
        else:
            messages.warning(
                http,
                _("Your request was saved, but no mediator fits it; the KI has been told."),
            )
        return redirect("mediation:request", region=region.slug, pk=created.pk)
    return render(http, "mediation/request_form.html", page_context(http, region, form=form))


@staff_view("mediation.use_staff_pages")
def request_detail(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    item = _get_request(http, region, pk)
    log_request_view(Actor.from_request(http), item, page="detail")
    assignment = item.confirmed_assignment()
    runs = _runs_pool(http.user, region)
    proposal = None
    if runs and item.status in (
        MediationRequest.Status.REQUESTED,
        MediationRequest.Status.OFFERED,
        MediationRequest.Status.UNMET,
    ):
        proposal = propose(item, limit=10)
    context = page_context(
        http,
        region,
        item=item,
        assignment=assignment,
        offers=item.offers.select_related("mediator") if runs else None,
        offer_count=item.offers.count(),
        proposal=proposal,
        excluded=[
            (EXCLUSION_REASONS.get(code, code), n)
            for code, n in (proposal.excluded.most_common() if proposal else [])
        ],
        # Who is kept off this request by a declared conflict, and why: coordinators only.
        conflicts=conflicts_for(item) if proposal else [],
        edit_form=MediationRequestEditForm(instance=item),
        outcome_form=OutcomeForm(),
        # The outcome of an appointment is recorded once it has begun, not before.
        outcome_due=assignment is not None and assignment.starts_at <= timezone.now(),
        feedback_form=AssignmentFeedbackForm(),
        may_change=http.user.has_perm("mediation.change_mediationrequest", item),
        feedback_given=set(
            AssignmentFeedback.objects.filter(assignment=assignment).values_list("side", flat=True)
        )
        if assignment
        else set(),
    )
    return render(http, "mediation/request_detail.html", context)


def _back(region: Region, item: MediationRequest):
    return redirect("mediation:request", region=region.slug, pk=item.pk)


@staff_view("mediation.use_staff_pages")
@require_POST
def request_edit(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    item = _get_request(http, region, pk)
    if not http.user.has_perm("mediation.change_mediationrequest", item):
        raise PermissionDenied(NOT_YOURS)
    if item.status not in (MediationRequest.Status.REQUESTED, MediationRequest.Status.OFFERED):
        messages.error(http, _("This request can no longer be changed. Nothing was changed."))
        return _back(region, item)
    form = MediationRequestEditForm(http.POST, instance=item, user=http.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(http, error)
        return _back(region, item)
    try:
        form.instance.save_checked(expected_version=form.cleaned_data["expected_version"])
    except ConflictError:
        messages.error(
            http, _("Someone else changed this request after you opened it. Nothing was saved.")
        )
    else:
        messages.success(http, _("The request was changed."))
    return _back(region, item)


@staff_view("mediation.use_staff_pages")
@require_POST
def request_cancel(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    item = _get_request(http, region, pk)
    if not http.user.has_perm("mediation.change_mediationrequest", item):
        raise PermissionDenied(NOT_YOURS)
    by = (
        Assignment.CancelledBy.COORDINATOR
        if _runs_pool(http.user, region)
        else Assignment.CancelledBy.REQUESTER
    )
    try:
        assignment = cancel(item, by=by)
    except MediationError as error:
        messages.error(http, str(error))
    else:
        if assignment is not None and assignment.cancellation_billable:
            messages.warning(http, _("Cancelled less than 24 hours ahead: this is billable."))
        else:
            messages.success(http, _("The request was cancelled."))
    return _back(region, item)


@staff_view("mediation.use_staff_pages")
@require_POST
def request_offer(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    item = _get_request(http, region, pk)
    if not _runs_pool(http.user, region):
        raise PermissionDenied(_("Only the KI coordinators send further offers."))
    try:
        offers = send_offers(item)
    except MediationError as error:
        messages.error(http, str(error))
    else:
        messages.success(http, _("%(count)s offers sent.") % {"count": len(offers)})
    return _back(region, item)


@staff_view("mediation.use_staff_pages")
@require_POST
def request_assign(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    item = _get_request(http, region, pk)
    if not _runs_pool(http.user, region):
        raise PermissionDenied(_("Only the KI coordinators assign directly."))
    mediator = Mediator.objects.filter(region=region, pk=http.POST.get("mediator")).first()
    if mediator is None:
        messages.error(http, _("Choose a mediator of this region. Nothing was changed."))
        return _back(region, item)
    try:
        assign_directly(item, mediator, by_user=http.user)
    except MediationError as error:
        messages.error(http, str(error))
    else:
        messages.success(http, _("%(name)s is booked.") % {"name": mediator.name})
    return _back(region, item)


@staff_view("mediation.use_staff_pages")
@require_POST
def assignment_outcome(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    item = _get_request(http, region, pk)
    assignment = item.confirmed_assignment()
    if assignment is None or not http.user.has_perm("mediation.change_mediationrequest", item):
        raise PermissionDenied(NOT_YOURS)
    form = OutcomeForm(http.POST)
    if not form.is_valid():
        messages.error(http, _("Choose an outcome. Nothing was changed."))
        return _back(region, item)
    try:
        record_outcome(
            assignment,
            status=form.cleaned_data["status"],
            minutes=form.cleaned_data["minutes"],
            km=form.cleaned_data["km"],
        )
    except MediationError as error:
        messages.error(http, str(error))
    else:
        messages.success(http, _("The outcome was recorded."))
    return _back(region, item)


@staff_view("mediation.use_staff_pages")
@require_POST
def assignment_feedback(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """Feedback from the requester's side (on the request) or the mediator's (her page)."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("request", "mediator"),
        pk=pk,
        request__region=region,
    )
    if assignment.mediator.user_id == http.user.pk:
        side = AssignmentFeedback.Side.MEDIATOR
        target = to_my_assignments(region)
    elif http.user.has_perm("mediation.change_mediationrequest", assignment.request):
        side = AssignmentFeedback.Side.REQUESTER
        target = _back(region, assignment.request)
    else:
        raise Http404(NOT_YOURS)
    form = AssignmentFeedbackForm(http.POST)
    if not form.is_valid():
        messages.error(http, _("Give a rating from 1 to 5. Nothing was saved."))
        return target
    try:
        give_feedback(assignment, side=side, **form.cleaned_data)
    except MediationError as error:
        messages.error(http, str(error))
    else:
        messages.success(http, _("Thank you for your feedback."))
    return target


def offer_page(http: HttpRequest, region: str, token: str) -> HttpResponse:
    """From the e-mail: GET shows the request (no client data), POST answers it. An expired
    link shows only that it has expired."""
    try:
        offer = offer_from_token(token)
    except OfferLinkExpired:
        return render(
            http,
            "mediation/offer_expired.html",
            {"days": settings.MEDIATION_OFFER_LINK_DAYS},
            status=410,
        )
    if offer is None or offer.request.region.slug != region:
        raise Http404(_("This link is not valid."))
    outcome = None
    if http.method == "POST":
        answer = http.POST.get("answer")
        if answer == "accept":
            outcome = accept(offer.pk)
        elif answer == "decline":
            outcome = decline(offer.pk)
        else:
            return HttpResponse(status=400)
        offer.refresh_from_db()
    elif http.method != "GET":
        return HttpResponse(status=405)
    # The offer page shows the request's details too: logged under the mediator's key.
    log_request_view(
        Actor.from_request(http), offer.request, page="offer", mediator=offer.mediator.key
    )
    return render(
        http,
        "mediation/offer.html",
        {
            "offer": offer,
            "item": offer.request,
            "outcome": outcome,
            "region": offer.request.region,
            "shows_topic": offer.shows_topic_to(http.user),
        },
        status=200 if outcome is None or outcome.won else 409,
    )


@staff_view("mediation.use_staff_pages")
def overview_page(http: HttpRequest, region: Region) -> HttpResponse:
    if not http.user.has_perm("mediation.view_overview", region):
        raise PermissionDenied(_("The overview is for the KI coordinators."))
    today = timezone.localdate()
    loads = overview.load(region)
    languages = overview.coverage(region, today)
    return render(
        http,
        "mediation/overview.html",
        page_context(
            http,
            region,
            action=overview.needs_action(region, loads),
            soon_days=overview.SOON_DAYS,
            expiry_days=overview.EXPIRY_WARNING_DAYS,
            warned=[row for row in loads if row.warnings][:100],
            busy=[row for row in loads if row.hours and not row.warnings][:100],
            thin=[row for row in languages if row.thin],
            covered=[row for row in languages if not row.thin],
            stats=overview.statistics(region),
            month_form=MonthForm(initial={"month": today.strftime("%Y-%m")}),
            threshold=overview.MIN_ACTIVE_PER_LANGUAGE,
        ),
    )


@staff_view("mediation.use_staff_pages")
def money_csv(http: HttpRequest, region: Region, kind: str) -> HttpResponse:
    if not http.user.has_perm("mediation.export_money", region):
        raise PermissionDenied(_("The money exports are for the KI coordinators."))
    form = MonthForm(http.GET)
    if not form.is_valid():
        return HttpResponse(
            "; ".join(e for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    month, centre = form.cleaned_data["month"], form.cleaned_data["cost_centre"]
    if kind == "aufwandsentschaedigung":
        text = money.to_csv(money.allowance_rows(region, month, centre), money.ALLOWANCE_COLUMNS)
    else:
        text = money.to_csv(money.invoice_rows(region, month, centre), money.INVOICE_COLUMNS)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    suffix = f"-{centre}" if centre else ""
    set_filename(response, f"{kind}-{month:%Y-%m}{suffix}.csv")
    return response
