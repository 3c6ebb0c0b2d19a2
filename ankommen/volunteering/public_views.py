"""Public pages at /<region>/<language>/ehrenamt/: the opportunities to volunteer, each
with a short form to answer it, and the confirmation in the visitor's language."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods, require_safe

from ankommen.core.models import Area, Language, Region
from ankommen.core.ratelimit import check_address, too_many_requests
from ankommen.core.routing import region_view
from ankommen.volunteering.forms import AnswerForm
from ankommen.volunteering.models import Kind, Opportunity, OpportunityTranslation
from ankommen.volunteering.services import answer_create

# Answers one address may send a minute (a person answers once; a script would flood).
ANSWERS_PER_MINUTE = 10


def _public(region: Region):
    return (
        Opportunity.objects.public()
        .filter(region=region)
        .select_related("organisation", "town")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=OpportunityTranslation.objects.select_related("language"),
            )
        )
    )


# The list sets the CSRF cookie before the portal's offline worker (registered on every
# public page) fetches its pages: those fetches would otherwise each set a new cookie on a
# first visit, and the answer form, opened meanwhile, would be refused.
@require_safe
@ensure_csrf_cookie
@region_view
def index(http: HttpRequest, region: Region, language: Language) -> HttpResponse:
    towns = list(Area.objects.filter(region=region, kind=Area.Kind.MUNICIPALITY).order_by("name"))
    town = next((t for t in towns if str(t.pk) == http.GET.get("ort")), None)
    kind = http.GET.get("art") if http.GET.get("art") in Kind.values else ""
    found = _public(region)
    if town is not None:
        found = found.filter(Q(town=town) | Q(town__isnull=True))
    if kind:
        found = found.filter(kind=kind)
    rows = [(o, o.text_in(language.code)) for o in found]
    return render(
        http,
        "volunteering/public/index.html",
        {
            "region": region,
            "language": language,
            "rows": rows,
            "towns": towns,
            "town": town,
            "kinds": Kind.choices,
            "kind": kind,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@region_view
def detail(http: HttpRequest, region: Region, language: Language, key: str) -> HttpResponse:
    opportunity = get_object_or_404(_public(region), key=key)
    form = AnswerForm()
    if http.method == "POST":
        # Anyone may post, so every post counts against its address, valid or not.
        verdict = check_address(http, "volunteering-answer", ANSWERS_PER_MINUTE)
        if not verdict.allowed:
            return too_many_requests(
                http, verdict, _("Too many messages from your address. Please wait a minute.")
            )
        form = AnswerForm(http.POST)
        if form.is_valid():
            email, phone = form.cleaned_data["contact"]
            answer_create(
                opportunity=opportunity,
                name=form.cleaned_data["name"],
                email=email,
                phone=phone,
                languages=form.cleaned_data["languages"],
                message=form.cleaned_data["message"],
                language=language.code,
                submission_key=form.cleaned_data.get("submission_key"),
            )
            return redirect(
                reverse(
                    "volunteering_public:thanks",
                    kwargs={"region": region.slug, "language": language.code, "key": key},
                )
            )
    return render(
        http,
        "volunteering/public/detail.html",
        {
            "region": region,
            "language": language,
            "opportunity": opportunity,
            "text": opportunity.text_in(language.code),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_safe
@region_view
def thanks(http: HttpRequest, region: Region, language: Language, key: str) -> HttpResponse:
    opportunity = get_object_or_404(_public(region), key=key)
    return render(
        http,
        "volunteering/public/thanks.html",
        {
            "region": region,
            "language": language,
            "opportunity": opportunity,
            "text": opportunity.text_in(language.code),
        },
    )
