"""Staff pages at /<region>/intern/ehrenamt/…: the coordinators' opportunities, answers,
volunteers, hours and load view; the KI's trainings; and the volunteer's own page.

Every page enters through `staff_view("volunteering.use_staff_pages")`; each record is then
reached only through the helpers below, which filter by region and by the organisations
the person works for (404 otherwise: another organisation's volunteers do not exist for
her)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ankommen.core.actor import Actor
from ankommen.core.http import set_filename
from ankommen.core.models import ConflictError, Language, Organisation, Region
from ankommen.core.permissions import scope_of
from ankommen.core.routing import staff_view
from ankommen.volunteering.forms import (
    EngagementForm,
    HoursForm,
    OpportunityForm,
    TrainingForm,
    TranslationForm,
    VolunteerForm,
)
from ankommen.volunteering.load import load_rows
from ankommen.volunteering.models import (
    SOURCE_LANGUAGE,
    Answer,
    Engagement,
    Opportunity,
    OpportunityTranslation,
    Training,
    TrainingRegistration,
    Volunteer,
)
from ankommen.volunteering.services import (
    RegistrationRefused,
    attendance_certificate,
    hours_record,
    training_register,
    volunteer_erase,
)

NOT_YOURS = gettext_lazy("No such record, or it is not yours to see.")
CHANGED_MEANWHILE = gettext_lazy(
    "Someone else changed this record after you opened it. Nothing was saved; this is the "
    "current state."
)
PERMISSION = "volunteering.use_staff_pages"


# --- The one way in to each record -------------------------------------------------------


def _coordinates(user, region: Region) -> bool:
    return user.has_perm("volunteering.coordinate", region)


def _runs_trainings(user, region: Region) -> bool:
    return user.has_perm("volunteering.run_trainings", region)


def _organisations(user, region: Region):
    """The organisations whose volunteers this person keeps."""
    found = Organisation.objects.filter(region=region).order_by("name")
    if scope_of(user).is_admin:
        return found
    return found.filter(pk__in=scope_of(user).member_organisation_ids)


def _volunteer(http: HttpRequest, region: Region, pk: int) -> Volunteer:
    found = (
        Volunteer.objects.coordinated_by(http.user)
        .filter(region=region, pk=pk)
        .select_related("organisation", "town", "user", "mediator")
        .first()
    )
    if found is None:
        raise Http404(NOT_YOURS)
    return found


def _opportunity(http: HttpRequest, region: Region, pk: int) -> Opportunity:
    found = Opportunity.objects.coordinated_by(http.user).filter(region=region, pk=pk).first()
    if found is None:
        raise Http404(NOT_YOURS)
    return found


def _answer(http: HttpRequest, region: Region, pk: int) -> Answer:
    found = (
        Answer.objects.coordinated_by(http.user)
        .filter(opportunity__region=region, pk=pk)
        .select_related("opportunity__organisation")
        .first()
    )
    if found is None:
        raise Http404(NOT_YOURS)
    return found


def _training(region: Region, pk: int) -> Training:
    found = Training.objects.filter(region=region, pk=pk).select_related("organisation").first()
    if found is None:
        raise Http404(NOT_YOURS)
    return found


def _my_records(http: HttpRequest, region: Region):
    return Volunteer.objects.filter(user=http.user, region=region).select_related("organisation")


def _context(http: HttpRequest, region: Region, **extra) -> dict:
    return {
        "region": region,
        "coordinates": _coordinates(http.user, region),
        "runs_trainings": _runs_trainings(http.user, region),
        "is_volunteer": _my_records(http, region).exists(),
        "staff_module_current": reverse("volunteering:index", kwargs={"region": region.slug}),
        **extra,
    }


def _url(name: str, region: Region, *args) -> str:
    return reverse(f"volunteering:{name}", args=[region.slug, *args])


# --- Coordinators: opportunities and answers ---------------------------------------------


@staff_view(PERMISSION)
def index(http: HttpRequest, region: Region) -> HttpResponse:
    if not _coordinates(http.user, region):
        if _runs_trainings(http.user, region):
            return redirect(_url("trainings", region))
        return redirect(_url("mine", region))
    opportunities = (
        Opportunity.objects.coordinated_by(http.user)
        .filter(region=region)
        .select_related("organisation", "town")
        .prefetch_related("translations__language")
        .annotate(new_answers=Count("answers", filter=Q(answers__status=Answer.Status.NEW)))
    )
    answers = (
        Answer.objects.coordinated_by(http.user)
        .filter(opportunity__region=region)
        .exclude(status=Answer.Status.CLOSED)
        .select_related("opportunity")
        .prefetch_related("opportunity__translations__language")[:50]
    )
    return render(
        http,
        "volunteering/staff/index.html",
        _context(http, region, opportunities=opportunities, answers=answers),
    )


def _save_source_text(opportunity: Opportunity, cleaned: dict) -> None:
    german = Language.objects.get(code=SOURCE_LANGUAGE)
    OpportunityTranslation.objects.update_or_create(
        opportunity=opportunity,
        language=german,
        defaults={
            "title": cleaned["title"],
            "summary": cleaned["summary"],
            "description": cleaned["description"],
            "source_version": opportunity.source_version,
        },
    )


@staff_view(PERMISSION)
@require_http_methods(["GET", "POST"])
def opportunity_edit(http: HttpRequest, region: Region, pk: int | None = None) -> HttpResponse:
    if not _coordinates(http.user, region):
        raise PermissionDenied(NOT_YOURS)
    opportunity = _opportunity(http, region, pk) if pk else None
    source = opportunity.text_in(SOURCE_LANGUAGE) if opportunity else None
    initial = (
        {"title": source.title, "summary": source.summary, "description": source.description}
        if source
        else {}
    )
    form = OpportunityForm(
        http.POST or None,
        instance=opportunity,
        initial=initial,
        region=region,
        organisations=_organisations(http.user, region),
    )
    if http.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        try:
            with transaction.atomic():
                texts = tuple(form.cleaned_data[f] for f in ("title", "summary", "description"))
                if (
                    source is not None
                    and (source.title, source.summary, source.description) != texts
                ):
                    # A changed German text makes the translations outdated.
                    item.source_version += 1
                if item.pk:
                    item.save_checked(expected_version=form.cleaned_data["version"] or 0)
                else:
                    item.save()
                _save_source_text(item, form.cleaned_data)
        except ConflictError:
            messages.error(http, CHANGED_MEANWHILE)
            return redirect(_url("opportunity", region, item.pk))
        messages.success(http, _("The opportunity was saved."))
        return redirect(_url("opportunity", region, item.pk))
    languages = list(region.languages.exclude(code=SOURCE_LANGUAGE).order_by("sort_order"))
    texts = {t.language_id: t for t in opportunity.translations.all()} if opportunity else {}
    return render(
        http,
        "volunteering/staff/opportunity_form.html",
        _context(
            http,
            region,
            form=form,
            opportunity=opportunity,
            translations=[(lang, texts.get(lang.pk)) for lang in languages],
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_view(PERMISSION)
@require_http_methods(["GET", "POST"])
def translation_edit(http: HttpRequest, region: Region, pk: int, language: str) -> HttpResponse:
    opportunity = _opportunity(http, region, pk)
    target = region.languages.filter(code=language).exclude(code=SOURCE_LANGUAGE).first()
    if target is None:
        raise Http404(NOT_YOURS)
    existing = opportunity.translations.filter(language=target).first()
    initial = (
        {"title": existing.title, "summary": existing.summary, "description": existing.description}
        if existing
        else {}
    )
    form = TranslationForm(http.POST or None, initial=initial)
    if http.method == "POST" and form.is_valid():
        OpportunityTranslation.objects.update_or_create(
            opportunity=opportunity,
            language=target,
            defaults={**form.cleaned_data, "source_version": opportunity.source_version},
        )
        messages.success(http, _("The translation was saved."))
        return redirect(_url("opportunity", region, opportunity.pk))
    return render(
        http,
        "volunteering/staff/translation_form.html",
        _context(
            http,
            region,
            form=form,
            opportunity=opportunity,
            target=target,
            source=opportunity.text_in(SOURCE_LANGUAGE),
        ),
    )


@staff_view(PERMISSION)
@require_http_methods(["GET", "POST"])
def answer_detail(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    answer = _answer(http, region, pk)
    if http.method == "POST":
        status = http.POST.get("status")
        if status not in Answer.Status.values:
            messages.error(http, _("Unknown status. Nothing was changed."))
        elif http.POST.get("delete"):
            answer.delete()
            messages.success(http, _("The answer was deleted."))
            return redirect(_url("index", region))
        else:
            answer.status = status
            answer.save(update_fields=["status"])
            messages.success(http, _("The status was changed."))
        return redirect(_url("answer", region, answer.pk))
    return render(
        http,
        "volunteering/staff/answer.html",
        _context(
            http,
            region,
            answer=answer,
            visit_language=Language.objects.filter(code=answer.language).first(),
            statuses=Answer.Status.choices,
        ),
    )


# --- Coordinators: volunteers, hours, load ----------------------------------------------


@staff_view(PERMISSION)
def volunteers(http: HttpRequest, region: Region) -> HttpResponse:
    if not _coordinates(http.user, region):
        raise PermissionDenied(NOT_YOURS)
    found = (
        Volunteer.objects.coordinated_by(http.user)
        .filter(region=region)
        .select_related("organisation", "town")
    )
    return render(
        http,
        "volunteering/staff/volunteers.html",
        _context(http, region, volunteers=found, today=timezone.localdate()),
    )


@staff_view(PERMISSION)
@require_http_methods(["GET", "POST"])
def volunteer_new(http: HttpRequest, region: Region) -> HttpResponse:
    if not _coordinates(http.user, region):
        raise PermissionDenied(NOT_YOURS)
    form = VolunteerForm(
        http.POST or None, region=region, organisations=_organisations(http.user, region)
    )
    if http.method == "POST" and form.is_valid():
        volunteer = form.save(commit=False)
        volunteer.consent_at = timezone.now()
        volunteer.consent_recorded_by = http.user
        volunteer.save()
        messages.success(http, _("The volunteer was added."))
        return redirect(_url("volunteer", region, volunteer.pk))
    return render(
        http,
        "volunteering/staff/volunteer_form.html",
        _context(http, region, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


def _volunteer_page(http, region, volunteer, *, form=None, hours_form=None, status=200):
    today = timezone.localdate()
    return render(
        http,
        "volunteering/staff/volunteer.html",
        _context(
            http,
            region,
            volunteer=volunteer,
            form=form
            or VolunteerForm(
                instance=volunteer,
                region=region,
                organisations=_organisations(http.user, region),
            ),
            hours_form=hours_form or HoursForm(volunteer=volunteer),
            engagement_form=EngagementForm(volunteer=volunteer),
            hours=volunteer.hours.select_related("engagement__opportunity")[:30],
            month_hours=volunteer.hours_in_month(today.year, today.month),
            load=load_rows([volunteer], today)[0],
            registrations=volunteer.registrations.select_related("training"),
            engagements=volunteer.engagements.select_related("opportunity").prefetch_related(
                "opportunity__translations__language"
            ),
            today=today,
        ),
        status=status,
    )


@staff_view(PERMISSION)
@require_http_methods(["GET", "POST"])
def volunteer_detail(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    volunteer = _volunteer(http, region, pk)
    if http.method == "GET":
        return _volunteer_page(http, region, volunteer)
    form = VolunteerForm(
        http.POST,
        instance=volunteer,
        region=region,
        organisations=_organisations(http.user, region),
    )
    if not form.is_valid():
        return _volunteer_page(http, region, volunteer, form=form, status=400)
    try:
        form.instance.save_checked(expected_version=form.cleaned_data["version"] or 0)
    except ConflictError:
        messages.error(http, CHANGED_MEANWHILE)
    else:
        messages.success(http, _("The details were saved."))
    return redirect(_url("volunteer", region, volunteer.pk))


@staff_view(PERMISSION)
@require_POST
def hours_add(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    volunteer = _volunteer(http, region, pk)
    form = HoursForm(http.POST, volunteer=volunteer)
    if not form.is_valid():
        return _volunteer_page(http, region, volunteer, hours_form=form, status=400)
    hours_record(
        volunteer=volunteer,
        date=form.cleaned_data["date"],
        hours=form.cleaned_data["hours"],
        note=form.cleaned_data["note"],
        engagement=form.cleaned_data["engagement"],
        by=http.user,
        submission_key=form.cleaned_data.get("submission_key"),
    )
    messages.success(http, _("The hours were recorded."))
    return redirect(_url("volunteer", region, volunteer.pk) + "#hours")


@staff_view(PERMISSION)
@require_POST
def engagement_add(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    volunteer = _volunteer(http, region, pk)
    form = EngagementForm(http.POST, volunteer=volunteer)
    if form.is_valid():
        Engagement.objects.get_or_create(
            volunteer=volunteer, opportunity=form.cleaned_data["opportunity"]
        )
        messages.success(http, _("The engagement was added."))
    else:
        messages.error(http, _("Choose one of your organisation's opportunities."))
    return redirect(_url("volunteer", region, volunteer.pk) + "#engagements")


@staff_view(PERMISSION)
@require_POST
def volunteer_erase_view(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    volunteer = _volunteer(http, region, pk)
    volunteer_erase(volunteer=volunteer, actor=Actor.from_request(http))
    messages.success(http, _("The volunteer's details, hours and registrations were deleted."))
    return redirect(_url("volunteers", region))


@staff_view(PERMISSION)
def load_view(http: HttpRequest, region: Region) -> HttpResponse:
    if not _coordinates(http.user, region):
        raise PermissionDenied(NOT_YOURS)
    today = timezone.localdate()
    found = (
        Volunteer.objects.coordinated_by(http.user)
        .filter(region=region)
        .exclude(status=Volunteer.Status.ENDED)
        .select_related("organisation")
    )
    rows = load_rows(found, today)
    return render(
        http,
        "volunteering/staff/load.html",
        _context(
            http,
            region,
            rows=rows,
            today=today,
            warnings=sum(1 for row in rows if row.warning),
            weeks=rows[0].weeks_checked if rows else None,
        ),
    )


# --- Trainings -------------------------------------------------------------------------


@staff_view(PERMISSION)
def trainings(http: HttpRequest, region: Region) -> HttpResponse:
    found = (
        Training.objects.filter(region=region)
        .select_related("organisation")
        .annotate(registered=Count("registrations"))
    )
    now = timezone.now()
    return render(
        http,
        "volunteering/staff/trainings.html",
        _context(
            http,
            region,
            upcoming=found.filter(starts_at__gte=now).order_by("starts_at"),
            past=found.filter(starts_at__lt=now)[:20],
        ),
    )


@staff_view(PERMISSION)
@require_http_methods(["GET", "POST"])
def training_new(http: HttpRequest, region: Region) -> HttpResponse:
    if not _runs_trainings(http.user, region):
        raise PermissionDenied(NOT_YOURS)
    form = TrainingForm(
        http.POST or None,
        region=region,
        organisations=Organisation.objects.filter(region=region).order_by("name"),
    )
    if http.method == "POST" and form.is_valid():
        training = form.save()
        messages.success(http, _("The training was created."))
        return redirect(_url("training", region, training.pk))
    return render(
        http,
        "volunteering/staff/training_form.html",
        _context(http, region, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_view(PERMISSION)
def training_detail(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    training = _training(region, pk)
    runs = _runs_trainings(http.user, region)
    registrations = training.registrations.select_related("volunteer__organisation")
    if not runs:
        # A coordinator sees her own volunteers' registrations, a volunteer her own.
        own = Volunteer.objects.coordinated_by(http.user).filter(region=region)
        registrations = registrations.filter(Q(volunteer__in=own) | Q(volunteer__user=http.user))
    mine = list(_my_records(http, region))
    registered_ids = set(
        training.registrations.filter(volunteer__in=mine).values_list("volunteer_id", flat=True)
    )
    own_volunteers = (
        Volunteer.objects.coordinated_by(http.user)
        .filter(region=region)
        .exclude(registrations__training=training)
        if _coordinates(http.user, region)
        else Volunteer.objects.none()
    )
    return render(
        http,
        "volunteering/staff/training.html",
        _context(
            http,
            region,
            training=training,
            registrations=registrations,
            can_register=[v for v in mine if v.pk not in registered_ids],
            own_volunteers=own_volunteers,
            places_left=training.places_left(),
        ),
    )


@staff_view(PERMISSION)
@require_POST
def training_register_view(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    training = _training(region, pk)
    volunteer_id = http.POST.get("volunteer")
    volunteer = (
        (
            Volunteer.objects.filter(user=http.user, region=region)
            | Volunteer.objects.coordinated_by(http.user).filter(region=region)
        )
        .filter(pk=volunteer_id if str(volunteer_id).isdigit() else 0)
        .first()
    )
    if volunteer is None:
        raise Http404(NOT_YOURS)
    try:
        training_register(training=training, volunteer=volunteer)
    except RegistrationRefused as refused:
        messages.error(http, str(refused))
    else:
        messages.success(
            http, _("%(name)s is registered for this training.") % {"name": volunteer.name}
        )
    return redirect(_url("training", region, training.pk))


@staff_view(PERMISSION)
@require_POST
def attendance(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    training = _training(region, pk)
    if not _runs_trainings(http.user, region):
        raise PermissionDenied(NOT_YOURS)
    attended = {int(v) for v in http.POST.getlist("attended") if v.isdigit()}
    with transaction.atomic():
        for registration in training.registrations.select_for_update():
            value = registration.pk in attended
            if registration.attended != value:
                registration.attended = value
                registration.save(update_fields=["attended"])
    messages.success(http, _("The attendance was saved."))
    return redirect(_url("training", region, training.pk))


@staff_view(PERMISSION)
def certificate(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """The attendance certificate: for the volunteer herself, her coordinators and the KI."""
    registration = (
        TrainingRegistration.objects.filter(pk=pk, training__region=region, attended=True)
        .select_related("training__organisation", "volunteer")
        .first()
    )
    if registration is None:
        raise Http404(NOT_YOURS)
    volunteer = registration.volunteer
    allowed = (
        volunteer.user_id == http.user.pk
        or _runs_trainings(http.user, region)
        or Volunteer.objects.coordinated_by(http.user).filter(pk=volunteer.pk).exists()
    )
    if not allowed:
        raise Http404(NOT_YOURS)
    response = HttpResponse(
        attendance_certificate(registration, language=translation.get_language() or "de"),
        content_type="application/pdf",
    )
    return set_filename(response, f"teilnahmebescheinigung-{registration.pk}.pdf")


# --- The volunteer herself ---------------------------------------------------------------


@staff_view(PERMISSION)
def mine(http: HttpRequest, region: Region) -> HttpResponse:
    records = list(
        _my_records(http, region).prefetch_related(
            Prefetch(
                "engagements",
                queryset=Engagement.objects.select_related("opportunity").prefetch_related(
                    "opportunity__translations__language"
                ),
            ),
            "registrations__training",
        )
    )
    today = timezone.localdate()
    since = today.replace(day=1) - dt.timedelta(days=62)
    return render(
        http,
        "volunteering/staff/mine.html",
        _context(
            http,
            region,
            records=records,
            loads={row.volunteer.pk: row for row in load_rows(records, today)},
            hours={r.pk: list(r.hours.filter(date__gte=since)[:20]) for r in records},
            upcoming=Training.objects.filter(region=region, starts_at__gte=timezone.now())
            .exclude(registrations__volunteer__in=records)
            .order_by("starts_at")[:5],
            mediator=next((r.mediator for r in records if r.mediator_id), None),
        ),
    )


@staff_view(PERMISSION)
@require_POST
def mine_erase(http: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """She asks that one organisation delete what it keeps about her: done at once."""
    volunteer = _my_records(http, region).filter(pk=pk).first()
    if volunteer is None:
        raise Http404(NOT_YOURS)
    if http.POST.get("confirm") != "yes":
        messages.error(http, _("Please tick the box to confirm the deletion."))
        return redirect(_url("mine", region))
    name = volunteer.organisation.name
    volunteer_erase(volunteer=volunteer, actor=Actor.from_request(http))
    messages.success(
        http, _("%(organisation)s no longer keeps your details.") % {"organisation": name}
    )
    return redirect(reverse("accounts:home", args=[region.slug]))
