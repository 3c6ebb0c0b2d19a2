"""Staff pages of the monitoring, at /<region>/intern/monitoring/…

Entered through `staff_view` (the rule `monitoring.use_staff_pages`: the region's KI
coordinators and the integration officers of its towns, who import statistics).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ankommen.core.models import Region
from ankommen.core.routing import staff_view
from ankommen.monitoring.forms import ImportForm
from ankommen.monitoring.imports import import_statistics
from ankommen.monitoring.statfiles import StatisticsFileError


@require_http_methods(["GET", "HEAD", "POST"])
@staff_view("monitoring.use_staff_pages")
def import_upload(request: HttpRequest, region: Region) -> HttpResponse:
    """Staff upload of a statistics file; the same import as the command line."""
    if not request.user.has_perm("monitoring.import_values", region):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, region=region)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_statistics(
                region=region,
                data=upload.read(),
                file_name=upload.name,
                user=request.user,
                indicator=form.cleaned_data["indicator"],
                skip_unknown_areas=form.cleaned_data["skip_unknown_areas"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except StatisticsFileError as error:
            form.add_error(
                "file",
                _("%(file)s was not imported: %(problem)s")
                % {"file": upload.name, "problem": error},
            )
        else:
            if not form.cleaned_data["dry_run"]:
                messages.success(
                    request,
                    _(
                        "%(file)s: %(created)s values added, %(updated)s changed, "
                        "%(unchanged)s unchanged, %(skipped)s skipped."
                    )
                    % {
                        "file": upload.name,
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "skipped": result.skipped,
                    },
                )
                return redirect("monitoring_staff:import", region=region.slug)
    return render(
        request,
        "monitoring/staff/import.html",
        {"region": region, "form": form, "result": result},
    )
