"""The public pages at /<region>/<language>/gremien/: the bodies that chose to be public
(with their public meetings and decisions; internal minutes never), the migrant
organisations of the region, and the page behind an invitation's link."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ankommen.core.models import Language, Organisation, Region
from ankommen.core.routing import region_view
from ankommen.networks.models import Body, Invitation, Meeting


def public_bodies(region: Region):
    return Body.objects.filter(region=region, is_public=True).select_related("area")


@require_safe
@region_view(interface_language_content=True)
def index(request: HttpRequest, region: Region, language: Language) -> HttpResponse:
    bodies = public_bodies(region)
    groups = [
        (kind, label, [b for b in bodies if b.kind == kind]) for kind, label in Body.Kind.choices
    ]
    organisations = Organisation.objects.filter(region=region, kind=Organisation.Kind.MO)
    return render(
        request,
        "networks/public/index.html",
        {
            "region": region,
            "language": language,
            "groups": [g for g in groups if g[2]],
            "organisations": organisations,
        },
    )


@require_safe
@region_view(interface_language_content=True)
def body_page(request: HttpRequest, region: Region, language: Language, slug: str) -> HttpResponse:
    body = get_object_or_404(public_bodies(region), slug=slug)
    now = timezone.now()
    meetings = body.meetings.filter(is_public=True).select_related("minutes")
    return render(
        request,
        "networks/public/body.html",
        {
            "region": region,
            "language": language,
            "body": body,
            "organisations": body.memberships.filter(
                organisation__isnull=False, user__isnull=True, name=""
            ).select_related("organisation"),
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
            "past": meetings.filter(starts_at__lt=now).prefetch_related("decisions"),
            "children": body.children.filter(is_public=True),
        },
    )


@require_safe
@region_view(interface_language_content=True)
def organisation_page(
    request: HttpRequest, region: Region, language: Language, key: str
) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.filter(region=region, kind=Organisation.Kind.MO), key=key
    )
    bodies = public_bodies(region).filter(memberships__organisation=organisation).distinct()
    return render(
        request,
        "networks/public/organisation.html",
        {
            "region": region,
            "language": language,
            "organisation": organisation,
            "description": organisation.description_in(language.code),
            "bodies": bodies,
        },
    )


@require_safe
@region_view(interface_language_content=True)
def invitation(
    request: HttpRequest, region: Region, language: Language, token: str
) -> HttpResponse:
    """The link in an invitation mail. Knowing the token shows that one meeting (time,
    place, agenda); after the meeting was deleted, a clear page says so."""
    found = (
        Invitation.objects.filter(body__region=region, token=token)
        .select_related("body", "meeting")
        .first()
    )
    if found is None:
        raise Http404
    meeting: Meeting | None = found.meeting
    return render(
        request,
        "networks/public/invitation.html",
        {"region": region, "language": language, "invitation": found, "meeting": meeting},
        status=200 if meeting is not None else 410,
    )
