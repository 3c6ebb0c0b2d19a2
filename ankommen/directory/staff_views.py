"""The KI's review board: offers not confirmed for 9 months, and searches without results."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ankommen.core.models import Region
from ankommen.directory.models import STALE_AFTER_DAYS, Offer, ZeroResultQuery


@require_GET
@login_required
def review_board(request, region: str):
    region_obj = get_object_or_404(Region, slug=region)
    if not request.user.has_perm("directory.view_review_board", region_obj):
        raise PermissionDenied
    limit = timezone.localdate() - dt.timedelta(days=STALE_AFTER_DAYS)
    stale = (
        Offer.objects.filter(region=region_obj, last_confirmed__lt=limit)
        .select_related("maintainer")
        .prefetch_related("translations__language")
        .order_by("last_confirmed")
    )
    return render(
        request,
        "directory/review_board.html",
        {
            "region": region_obj,
            "stale": stale,
            "zero_results": ZeroResultQuery.objects.filter(region=region_obj)[:50],
        },
    )
