"""The public pages at /<region>/<language>/beteiligung/: consultations with their comment
form, surveys and "Fehlt ein Angebot?". Every form counts against the sender's address
(PARTICIPATION_RATE_LIMIT_PER_MINUTE), stores one object per sending and nothing that
identifies the sender."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ankommen.core import town_choice
from ankommen.core.models import Language, Region
from ankommen.core.ratelimit import check_address, setting, too_many_requests
from ankommen.core.routing import region_view
from ankommen.participation.forms import CommentForm, MissingOfferForm, SurveyForm
from ankommen.participation.models import Choice, Consultation, Survey
from ankommen.participation.services import (
    comment_submit,
    has_answered,
    missing_offer_report,
    response_submit,
)

# The random token that keeps one browser from answering a survey twice. Nothing else is
# read from it; only its hash, salted with the survey, is stored with a response.
BROWSER_COOKIE = "ankommen_survey"
BROWSER_COOKIE_AGE = 365 * 24 * 3600


def _limited(request: HttpRequest, scope: str) -> HttpResponse | None:
    """None when this post may go on, else the 429 page in the visitor's language."""
    verdict = check_address(
        request, f"participation-{scope}", setting("PARTICIPATION_RATE_LIMIT_PER_MINUTE", 10)
    )
    if verdict.allowed:
        return None
    return too_many_requests(
        request, verdict, _("Too many messages from your address. Please wait a minute.")
    )


@require_safe
@region_view
def index(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    today = timezone.localdate()
    now = timezone.now()
    return render(
        request,
        "participation/public/index.html",
        {
            "region": region,
            "language": language,
            "consultations": Consultation.objects.public().filter(
                region=region, opens_on__lte=today, closes_on__gte=today
            ),
            "surveys": Survey.objects.filter(
                region=region, opens_at__lte=now, closes_at__gt=now
            ).exclude(audience=Survey.Audience.INTEGRATION_OFFICERS),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@region_view
def consultation(
    request: HttpRequest, region: Region, language: Language, slug: str
) -> HttpResponse:
    found = get_object_or_404(Consultation.objects.public(), region=region, slug=slug)
    is_open = found.is_open()
    status = 200
    form = None
    if is_open:
        if request.method == "POST":
            if (refused := _limited(request, "comment")) is not None:
                return refused
            form = CommentForm(request.POST, consultation=found, language=language.code)
            if form.is_valid():
                comment_submit(form=form, consultation=found, language=language)
                messages.success(
                    request,
                    _(
                        "Thank you for your comment. It will appear here once the "
                        "editorial team has checked it."
                    ),
                )
                return redirect(request.path)
            status = 400
        else:
            form = CommentForm(consultation=found, language=language.code)
    elif request.method == "POST":
        status = 410
    comments = list(found.comments.approved().select_related("language"))
    recommendations = [
        (recommendation, [c for c in comments if c.recommendation_id == recommendation.pk])
        for recommendation in found.recommendations.order_by("pk")
    ]
    return render(
        request,
        "participation/public/consultation.html",
        {
            "region": region,
            "language": language,
            "consultation": found,
            "is_open": is_open,
            "form": form,
            "recommendations": recommendations,
            "draft_comments": [c for c in comments if c.recommendation_id is None],
        },
        status=status,
    )


def _browser_token(request: HttpRequest) -> str:
    token = request.COOKIES.get(BROWSER_COOKIE, "")
    return token if 20 <= len(token) <= 64 and token.isalnum() else ""


@require_http_methods(["GET", "HEAD", "POST"])
@region_view
def survey(request: HttpRequest, region: Region, language: Language, slug: str) -> HttpResponse:
    found = get_object_or_404(Survey, region=region, slug=slug)
    context = {"region": region, "language": language, "survey": found}
    state = found.state()
    if state != "open":
        # The link is still printed on flyers and QR codes: say why it takes no answers.
        context["state"] = state
        return render(
            request,
            "participation/public/survey_closed.html",
            context,
            status=410 if state == "closed" else 200,
        )
    token = _browser_token(request)
    if has_answered(found, token):
        return render(request, "participation/public/survey_thanks.html", context)
    questions = list(
        found.questions.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("number"))
        ).order_by("number")
    )
    status = 200
    if request.method == "POST":
        if (refused := _limited(request, "survey")) is not None:
            return refused
        form = SurveyForm(request.POST, questions=questions, language=language.code)
        if form.is_valid():
            # Without the cookie (blocked), the form's own random token stops a double
            # submit of the same page.
            token = token or form.cleaned_data["token"] or secrets.token_hex(16)
            response_submit(survey=found, form=form, token=token, language=language)
            answer = render(request, "participation/public/survey_thanks.html", context)
            _remember_browser(answer, region, token)
            return answer
        status = 400
    else:
        form = SurveyForm(questions=questions, language=language.code)
        if token:
            form.initial["token"] = token
    context["form"] = form
    response = render(request, "participation/public/survey.html", context, status=status)
    if not token:
        _remember_browser(response, region, form.initial["token"])
    return response


def _remember_browser(response: HttpResponse, region: Region, token: str) -> None:
    if not (token.isalnum() and 20 <= len(token) <= 64):
        return
    response.set_cookie(
        BROWSER_COOKIE,
        token,
        max_age=BROWSER_COOKIE_AGE,
        path=f"/{region.slug}/",
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@region_view
def missing_offer(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    towns = region.towns()
    status = 200
    if request.method == "POST":
        if (refused := _limited(request, "missing-offer")) is not None:
            return refused
        form = MissingOfferForm(request.POST, towns=towns)
        if form.is_valid():
            missing_offer_report(form=form, region=region, language=language)
            messages.success(
                request,
                _("Thank you. The integration centre will look at your message."),
            )
            return redirect(request.path)
        status = 400
    else:
        town = town_choice.chosen_town(request)
        if town is not None and town.parent_id and not towns.filter(pk=town.pk).exists():
            town = town.parent
        form = MissingOfferForm(towns=towns, initial={"town": town})
    return render(
        request,
        "participation/public/missing_offer.html",
        {"region": region, "language": language, "form": form},
        status=status,
    )
