"""The KI's review board: offers not confirmed for 9 months, and searches without results.

Entered through `staff_view` (the rule `directory.use_staff_pages`: the region's staff).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ankommen.core.models import Region
from ankommen.core.modules import modules_with
from ankommen.core.routing import staff_view
from ankommen.directory.models import STALE_AFTER_DAYS, Offer, ZeroResultQuery


@require_GET
@staff_view("directory.use_staff_pages")
def review_board(request, region: Region):
    if not request.user.has_perm("directory.view_review_board", region):
        raise PermissionDenied
    limit = timezone.localdate() - dt.timedelta(days=STALE_AFTER_DAYS)
    stale = (
        Offer.objects.filter(region=region, last_confirmed__lt=limit)
        .select_related("maintainer")
        .prefetch_related("translations__language")
        .order_by("last_confirmed")
    )
    return render(
        request,
        "directory/review_board.html",
        {
            "region": region,
            "stale": stale,
            "zero_results": ZeroResultQuery.objects.filter(region=region)[:50],
            # Other modules' demand signals (participation: reports of missing offers).
            "more_sections": [
                section
                for config in modules_with("review_board_sections")
                for section in config.review_board_sections(request, region)
            ],
        },
    )
