"""The KI's pages at /<region>/intern/beteiligung/: consultations and surveys at a glance,
the moderation queue, a survey's results with its link, QR code and export.

Entered through `staff_view("participation.use_staff_pages")`; moderation needs
`participation.moderate` of the region, a survey's results `participation.view_results`
of the survey (its owners), else 403.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ankommen.core.links import absolute_url
from ankommen.core.models import Region
from ankommen.core.routing import staff_view
from ankommen.participation.forms import RejectForm
from ankommen.participation.models import Comment, Consultation, MissingOfferReport, Survey
from ankommen.participation.results import question_results, response_count, results_csv, subgroups


def _moderator(request: HttpRequest, region: Region) -> None:
    if not request.user.has_perm("participation.moderate", region):
        raise PermissionDenied


def _owned_survey(request: HttpRequest, region: Region, pk: int) -> Survey:
    survey = get_object_or_404(Survey, region=region, pk=pk)
    if not request.user.has_perm("participation.view_results", survey):
        raise PermissionDenied
    return survey


@require_GET
@staff_view("participation.use_staff_pages")
def overview(request: HttpRequest, region: Region) -> HttpResponse:
    moderator = request.user.has_perm("participation.moderate", region)
    surveys = Survey.objects.filter(region=region).annotate(answers=Count("responses"))
    if not moderator:
        surveys = surveys.filter(owners=request.user)
    consultations = (
        Consultation.objects.filter(region=region).annotate(
            waiting=Count("comments", filter=Q(comments__status=Comment.Status.PENDING))
        )
        if moderator
        else Consultation.objects.none()
    )
    return render(
        request,
        "participation/staff/overview.html",
        {
            "region": region,
            "moderator": moderator,
            "surveys": surveys,
            "consultations": consultations,
        },
    )


@require_GET
@staff_view("participation.use_staff_pages")
def moderation(request: HttpRequest, region: Region) -> HttpResponse:
    _moderator(request, region)
    waiting = (
        Comment.objects.pending()
        .filter(consultation__region=region)
        .select_related("consultation", "recommendation", "language")
    )
    recent = (
        Comment.objects.filter(consultation__region=region)
        .exclude(status=Comment.Status.PENDING)
        .select_related("consultation", "language", "moderated_by")
        .order_by("-moderated_at")[:20]
    )
    return render(
        request,
        "participation/staff/moderation.html",
        {"region": region, "waiting": waiting, "recent": recent, "reject_form": RejectForm()},
    )


def _comment(request: HttpRequest, region: Region, pk: int) -> Comment:
    _moderator(request, region)
    return get_object_or_404(Comment, pk=pk, consultation__region=region)


@require_POST
@staff_view("participation.use_staff_pages")
def approve(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    comment = _comment(request, region, pk)
    comment.approve(by=request.user)
    messages.success(request, _("The comment is now shown on the consultation page."))
    return redirect("participation_staff:moderation", region=region.slug)


@require_POST
@staff_view("participation.use_staff_pages")
def reject(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    comment = _comment(request, region, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            comment.reject(by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The comment was rejected; it will not be shown."))
    else:
        messages.error(request, _("Give a reason for the rejection."))
    return redirect("participation_staff:moderation", region=region.slug)


def survey_link(survey: Survey) -> str:
    return absolute_url(
        reverse(
            "participation:survey",
            kwargs={
                "region": survey.region.slug,
                "language": survey.region.default_language.code,
                "slug": survey.slug,
            },
        )
    )


@require_GET
@staff_view("participation.use_staff_pages")
def results(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    survey = _owned_survey(request, region, pk)
    link = survey_link(survey)
    qr = segno.make(link, error="m").svg_inline(
        scale=4, border=4, title=_("QR code of the survey's address"), svgclass="survey-qr"
    )
    return render(
        request,
        "participation/staff/results.html",
        {
            "region": region,
            "survey": survey,
            "state": survey.state(),
            "count": response_count(survey),
            "results": question_results(survey, with_texts=True),
            "groups": subgroups(survey, with_texts=True),
            "link": link,
            "qr": mark_safe(qr),  # safe: segno's own SVG of our own address  # noqa: S308
        },
    )


@require_GET
@staff_view("participation.use_staff_pages")
def results_export(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    survey = _owned_survey(request, region, pk)
    response = HttpResponse(results_csv(survey), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="umfrage-{survey.slug}.csv"'
    return response


@require_POST
@staff_view("participation.use_staff_pages")
def missing_offer_done(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    _moderator(request, region)
    report = get_object_or_404(MissingOfferReport, pk=pk, region=region)
    report.done = True
    report.save(update_fields=["done"])
    messages.success(request, _("The report is marked as dealt with."))
    return redirect("directory_staff:review_board", region=region.slug)
