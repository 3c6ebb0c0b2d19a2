"""The mediator's own pages, at /<region>/intern/sprachmittlung/einsaetze/… ("Meine
Einsätze"): her open offers to answer, her confirmed appointments with a calendar file
each, her earlier appointments with feedback, her evidence, weekly times and absences, and
the conflicts of interest she declares. Entered through `staff_view` like the pool's other
staff pages (staff_views.py); every id is looked up among her own records only."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ankommen.core.actor import Actor
from ankommen.core.http import set_filename
from ankommen.core.models import ConflictError, Region
from ankommen.core.routing import staff_view
from ankommen.mediation.forms import (
    AbsenceForm,
    AssignmentFeedbackForm,
    AvailabilityFormSet,
    ConflictForm,
    VersionForm,
)
from ankommen.mediation.models import (
    EVIDENCE_REMINDER_DAYS,
    Assignment,
    AssignmentFeedback,
    AssignmentOffer,
    Mediator,
    log_request_view,
)
from ankommen.mediation.services import (
    accept,
    decline,
)
from ankommen.mediation.staff_views import (
    CHANGED_MEANWHILE,
    NOT_YOURS,
    page_context,
    to_my_assignments,
)
from ankommen.mediation.volunteers import (
    add_absence,
    assignment_calendar,
    remove_absence,
    replace_availability,
)


def _my_mediator(http: HttpRequest, region: Region) -> Mediator:
    mediator = Mediator.objects.filter(region=region, user=http.user).first()
    if mediator is None:
        raise Http404(_("You are not a mediator in this region."))
    return mediator


def _availability_initial(mediator: Mediator) -> list[dict]:
    return [
        {"weekday": w.weekday, "starts": w.starts, "ends": w.ends}
        for w in mediator.availability.all()
    ]


def _render_my_assignments(
    http: HttpRequest, region: Region, mediator: Mediator, *, status: int = 200, **forms
) -> HttpResponse:
    """ "Meine Einsätze": her open offers, her confirmed appointments with what she needs on
    the day, her papers, availability, absences and conflicts — nothing of anyone else.
    `forms` are bound forms sent back with their errors (her input kept)."""
    now = timezone.now()
    today = timezone.localdate()
    offers = (
        AssignmentOffer.objects.filter(mediator=mediator, status=AssignmentOffer.Status.OPEN)
        .filter(request__starts_at__gt=now)
        .select_related("request__language", "request__place_area")
        .order_by("request__starts_at")
    )
    assignments = Assignment.objects.filter(mediator=mediator).select_related(
        "request__language", "request__place_area", "request__organisation"
    )
    upcoming = list(
        assignments.filter(status=Assignment.Status.CONFIRMED, ends_at__gt=now).order_by(
            "starts_at"
        )
    )
    past = list(assignments.exclude(pk__in=[a.pk for a in upcoming])[:30])
    given = set(
        AssignmentFeedback.objects.filter(
            assignment__in=past, side=AssignmentFeedback.Side.MEDIATOR
        ).values_list("assignment_id", flat=True)
    )
    # Her confirmed appointments show their details (topic, place, contact): logged as
    # every other view of a request's details.
    actor = Actor.from_request(http)
    for assignment in upcoming:
        log_request_view(actor, assignment.request, page="my assignments")
    evidence = [(e, e.days_left(today)) for e in mediator.evidence.order_by("kind", "valid_from")]
    version = {"expected_version": mediator.version}
    context = page_context(
        http,
        region,
        mediator=mediator,
        offers=list(offers),
        upcoming=upcoming,
        # A feedback form for each earlier appointment that took place and has none yet.
        past=[
            (
                a,
                AssignmentFeedbackForm(auto_id=f"feedback-{a.pk}-%s")
                if a.pk not in given
                and a.status in (Assignment.Status.DONE, Assignment.Status.NO_SHOW_CLIENT)
                else None,
            )
            for a in past
        ],
        assignments=[*upcoming, *past],
        evidence=evidence,
        reminder_days=EVIDENCE_REMINDER_DAYS,
        absences=mediator.absences.filter(last_day__gte=today),
        availability_formset=forms.get("availability_formset")
        or AvailabilityFormSet(initial=_availability_initial(mediator), prefix="window"),
        absence_form=forms.get("absence_form") or AbsenceForm(initial=version),
        conflicts=mediator.conflicts.select_related("organisation"),
        conflict_form=forms.get("conflict_form") or ConflictForm(mediator=mediator),
    )
    return render(http, "mediation/my_assignments.html", context, status=status)


@staff_view("mediation.use_staff_pages")
def my_assignments(http: HttpRequest, region: Region) -> HttpResponse:
    return _render_my_assignments(http, region, _my_mediator(http, region))


@staff_view("mediation.use_staff_pages")
@require_POST
def my_offer_answer(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """She accepts or declines one of her own offers from her page (signed in, so no link
    is needed). Another mediator's offer is not found."""
    mediator = _my_mediator(http, region)
    offer = AssignmentOffer.objects.filter(pk=pk, mediator=mediator, request__region=region).first()
    if offer is None:
        raise Http404(NOT_YOURS)
    answer = http.POST.get("answer")
    if answer == "accept":
        outcome = accept(offer.pk)
    elif answer == "decline":
        outcome = decline(offer.pk)
    else:
        return HttpResponse(status=400)
    (messages.success if outcome.won else messages.error)(http, outcome.message)
    if answer == "accept" and outcome.won:
        assignment = Assignment.objects.filter(
            request_id=offer.request_id, mediator=mediator, status=Assignment.Status.CONFIRMED
        ).first()
        if assignment is not None:
            return to_my_assignments(region, f"appointment-{assignment.pk}")
    return to_my_assignments(region)


@staff_view("mediation.use_staff_pages")
def my_assignment_calendar(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """The iCalendar file of one of her confirmed appointments."""
    mediator = _my_mediator(http, region)
    assignment = (
        Assignment.objects.filter(
            pk=pk,
            mediator=mediator,
            request__region=region,
            status=Assignment.Status.CONFIRMED,
        )
        .select_related("request__organisation", "request__language", "request__place_area")
        .first()
    )
    if assignment is None:
        raise Http404(NOT_YOURS)
    log_request_view(Actor.from_request(http), assignment.request, page="calendar file")
    response = HttpResponse(
        assignment_calendar(assignment), content_type="text/calendar; charset=utf-8"
    )
    local = timezone.localtime(assignment.starts_at)
    set_filename(response, f"sprachmittlung-{local:%Y-%m-%d-%H%M}.ics")
    return response


@staff_view("mediation.use_staff_pages")
@require_POST
def my_availability(http: HttpRequest, region: Region) -> HttpResponse:
    """Her weekly windows, replaced all at once; refused when the KI changed her record
    since she opened the page."""
    mediator = _my_mediator(http, region)
    formset = AvailabilityFormSet(http.POST, prefix="window")
    version = VersionForm(http.POST)
    if not (formset.is_valid() and version.is_valid()):
        messages.error(http, _("Please check the times. Nothing was saved."))
        return _render_my_assignments(
            http, region, mediator, status=400, availability_formset=formset
        )
    windows = sorted(
        (form.cleaned_data["weekday"], form.cleaned_data["starts"], form.cleaned_data["ends"])
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    )
    try:
        replace_availability(
            mediator, windows, expected_version=version.cleaned_data["expected_version"]
        )
    except ConflictError:
        messages.error(http, CHANGED_MEANWHILE)
        return to_my_assignments(region, "availability-heading")
    messages.success(http, _("Your times are saved."))
    return to_my_assignments(region, "availability-heading")


@staff_view("mediation.use_staff_pages")
@require_POST
def my_absence_add(http: HttpRequest, region: Region) -> HttpResponse:
    mediator = _my_mediator(http, region)
    form = AbsenceForm(http.POST)
    if not form.is_valid():
        messages.error(http, _("Please check the dates. Nothing was saved."))
        return _render_my_assignments(http, region, mediator, status=400, absence_form=form)
    try:
        add_absence(
            mediator,
            form.cleaned_data["first_day"],
            form.cleaned_data["last_day"],
            expected_version=form.cleaned_data["expected_version"],
        )
    except ConflictError:
        # Adding overwrites nothing: her dates stay in the form, with the current version.
        messages.error(http, CHANGED_MEANWHILE)
        mediator.refresh_from_db()
        kept = AbsenceForm(initial={**form.cleaned_data, "expected_version": mediator.version})
        return _render_my_assignments(http, region, mediator, status=409, absence_form=kept)
    messages.success(http, _("Your absence is saved. You will not be asked on these days."))
    return to_my_assignments(region, "absences-heading")


@staff_view("mediation.use_staff_pages")
@require_POST
def my_absence_remove(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    mediator = _my_mediator(http, region)
    version = VersionForm(http.POST)
    if not version.is_valid():
        return HttpResponse(status=400)
    try:
        remove_absence(mediator, pk, expected_version=version.cleaned_data["expected_version"])
    except LookupError:
        raise Http404(NOT_YOURS) from None
    except ConflictError:
        messages.error(http, CHANGED_MEANWHILE)
    else:
        messages.success(http, _("The absence is removed."))
    return to_my_assignments(region, "absences-heading")


@staff_view("mediation.use_staff_pages")
@require_POST
def conflict_declare(http: HttpRequest, region: Region) -> HttpResponse:
    """The mediator declares a conflict of interest; from then on she is not proposed for
    the organisation's (or the client's) requests."""
    mediator = _my_mediator(http, region)
    form = ConflictForm(http.POST, mediator=mediator)
    if not form.is_valid():
        messages.error(http, _("Please check your entry. Nothing was saved."))
        return _render_my_assignments(http, region, mediator, status=400, conflict_form=form)
    form.save()
    messages.success(
        http,
        _("Thank you. You will not be proposed for these requests any more."),
    )
    return to_my_assignments(region, "conflicts-heading")


@staff_view("mediation.use_staff_pages")
def old_my_assignments(http: HttpRequest, region: Region) -> HttpResponse:
    """The page's earlier address ("Meine Angebote und Einsätze"): moved for good."""
    return redirect("mediation:my_assignments", region=region.slug, permanent=True)


@staff_view("mediation.use_staff_pages")
def old_conflict_declare(http: HttpRequest, region: Region) -> HttpResponse:
    """The earlier address of the conflict form: a POST is sent on with its data (307)."""
    if http.method == "POST":
        target = reverse("mediation:conflict_declare", kwargs={"region": region.slug})
        return HttpResponseRedirect(target, status=307)
    return redirect("mediation:my_assignments", region=region.slug, permanent=True)
