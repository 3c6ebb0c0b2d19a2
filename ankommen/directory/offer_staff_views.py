"""Offers on the staff pages at /<region>/intern/angebote/: the list a person starts from
(her town's or her organisation's offers by title, filtered and paginated), an offer's German
texts for those who may edit it, and corrections proposed by those who may only see it.

Entered through `staff_view` (the rule `directory.use_staff_pages`: the region's staff);
the rules of offer_work.py and permissions.py decide the rest.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ankommen.core.models import ConflictError, Region
from ankommen.core.routing import staff_view
from ankommen.core.translation import SOURCE_LANGUAGE
from ankommen.directory.models import Offer, OfferCorrection
from ankommen.directory.offer_forms import CorrectionForm, OfferFilterForm, OfferTextsForm
from ankommen.directory.offer_work import (
    OfferFilter,
    by_title,
    close_correction,
    confirm_offer,
    default_filter,
    freshness_of,
    may_propose,
    offers_for,
    propose_correction,
    save_german_texts,
)

PER_PAGE = 25
FRESHNESS_WORDS = {
    "fresh": gettext_lazy("confirmed"),
    "due": gettext_lazy("due for confirmation"),
    "stale": gettext_lazy("not confirmed for nine months"),
}


def _offer(request: HttpRequest, region: Region, pk: int) -> Offer:
    return get_object_or_404(
        Offer.objects.visible_to(request.user)
        .filter(region=region)
        .select_related("maintainer", "organisation", "region")
        .prefetch_related("translations__language"),
        pk=pk,
    )


@staff_view("directory.use_staff_pages")
@require_http_methods(["GET", "HEAD"])
def offer_list(request: HttpRequest, region: Region) -> HttpResponse:
    if request.GET:
        form = OfferFilterForm(request.GET, region=region)
        chosen = (
            OfferFilter(
                town=form.cleaned_data["town"],
                kind=form.cleaned_data["kind"],
                freshness=form.cleaned_data["freshness"],
                mine=form.cleaned_data["mine"],
            )
            if form.is_valid()
            else OfferFilter()
        )
    else:
        chosen = default_filter(request.user, region)
        form = OfferFilterForm(initial={"town": chosen.town, "mine": chosen.mine}, region=region)
    offers = by_title(offers_for(request.user, region, chosen))
    page = Paginator(offers, PER_PAGE).get_page(request.GET.get("seite"))
    rows = []
    for offer in page.object_list:
        freshness = freshness_of(offer)
        rows.append(
            {
                "offer": offer,
                "title": offer.title(SOURCE_LANGUAGE),
                "may_edit": request.user.has_perm("directory.change_offer", offer),
                "freshness": freshness,
                "freshness_label": FRESHNESS_WORDS[freshness],
            }
        )
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "directory/staff/offers/list.html",
        {
            "region": region,
            "form": form,
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "chosen": chosen,
        },
    )


@staff_view("directory.use_staff_pages")
@require_http_methods(["GET", "HEAD", "POST"])
def offer_edit(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    offer = _offer(request, region, pk)
    may_edit = request.user.has_perm("directory.change_offer", offer)
    german = offer.translation_in(SOURCE_LANGUAGE)
    status = 200
    form = None
    if may_edit:
        if request.method == "POST":
            form = OfferTextsForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    save_german_texts(
                        offer,
                        request.user,
                        title=data["title"],
                        summary=data["summary"],
                        description=data["description"],
                        expected_version=data["expected_version"],
                        orientation=data["orientation"],
                        childcare=data["childcare"],
                    )
                except ConflictError:
                    form.add_error(
                        None,
                        _(
                            "Someone else saved this offer while you were editing it. Your "
                            "text is still here; reload the page to see theirs, then save again."
                        ),
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("The offer's texts are saved."))
                    return redirect(request.path)
            status = 409 if form.non_field_errors() else 400
        else:
            form = OfferTextsForm(
                initial={
                    "title": german.title if german else "",
                    "summary": german.summary if german else "",
                    "description": german.description if german else "",
                    "orientation": offer.orientation,
                    "childcare": offer.childcare,
                    "expected_version": offer.version,
                }
            )
    elif request.method == "POST":
        raise PermissionDenied(_("You may not edit this offer."))
    corrections = list(offer.corrections.open().select_related("author")) if may_edit else []
    return render(
        request,
        "directory/staff/offers/edit.html",
        {
            "region": region,
            "offer": offer,
            "title": offer.title(SOURCE_LANGUAGE),
            "german": german,
            "translations": [
                t for t in offer.translations.all() if t.language.code != SOURCE_LANGUAGE
            ],
            "may_edit": may_edit,
            "form": form,
            "correction_form": CorrectionForm() if may_propose(request.user, offer) else None,
            "corrections": corrections,
            "freshness_label": FRESHNESS_WORDS[freshness_of(offer)],
        },
        status=status,
    )


@staff_view("directory.use_staff_pages")
@require_POST
def propose(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    offer = _offer(request, region, pk)
    if not may_propose(request.user, offer):
        raise PermissionDenied(_("You may not propose a correction to this offer."))
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            propose_correction(offer, request.user, form.cleaned_data["message"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you. Your proposal was sent to those who maintain the offer.")
            )
            return redirect(
                reverse("directory_staff:offer_edit", kwargs={"region": region.slug, "pk": pk})
            )
    return render(
        request,
        "directory/staff/offers/edit.html",
        {
            "region": region,
            "offer": offer,
            "title": offer.title(SOURCE_LANGUAGE),
            "german": offer.translation_in(SOURCE_LANGUAGE),
            "translations": [],
            "may_edit": False,
            "form": None,
            "correction_form": form,
            "corrections": [],
            "freshness_label": FRESHNESS_WORDS[freshness_of(offer)],
        },
        status=400,
    )


@staff_view("directory.use_staff_pages")
@require_POST
def confirm(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    offer = _offer(request, region, pk)
    confirm_offer(offer, request.user)
    messages.success(request, _("The offer is confirmed as up to date."))
    return redirect(reverse("directory_staff:offer_edit", kwargs={"region": region.slug, "pk": pk}))


@staff_view("directory.use_staff_pages")
@require_POST
def close(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    correction = get_object_or_404(
        OfferCorrection.objects.select_related("offer"), pk=pk, offer__region=region
    )
    if not request.user.has_perm("directory.view_offer", correction.offer):
        raise PermissionDenied
    try:
        close_correction(correction, request.user, taken_over=request.POST.get("taken") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal is marked as answered."))
    return redirect(
        reverse(
            "directory_staff:offer_edit",
            kwargs={"region": region.slug, "pk": correction.offer_id},
        )
    )
