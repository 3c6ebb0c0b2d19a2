"""Events on the staff pages at /<region>/intern/angebote/termine/: the events a person may
edit (upcoming first, the past ones on request) and an event's German texts in the
rich-text editor, with links to its translations.

Entered through `staff_view` (the rule `directory.use_staff_pages`); the rule
`directory.change_event` decides which events (event_work.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ankommen.core.models import ConflictError, Region
from ankommen.core.routing import staff_view
from ankommen.core.text_translations import bookkeeping_of
from ankommen.core.translation import SOURCE_LANGUAGE
from ankommen.directory.event_work import events_for, save_german_texts
from ankommen.directory.models import Event
from ankommen.directory.offer_forms import EventTextsForm

PER_PAGE = 25


@staff_view("directory.use_staff_pages")
@require_http_methods(["GET", "HEAD"])
def event_list(request: HttpRequest, region: Region) -> HttpResponse:
    past = request.GET.get("vergangene") == "1"
    page = Paginator(events_for(request.user, region, past=past), PER_PAGE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "directory/staff/events/list.html",
        {"region": region, "page": page, "past": past},
    )


@staff_view("directory.use_staff_pages")
@require_http_methods(["GET", "HEAD", "POST"])
def event_edit(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    event = (
        Event.objects.editable_by(request.user)
        .filter(region=region, pk=pk)
        .select_related("organisation", "area", "place")
        .first()
    )
    if event is None:
        # Another region's event, or one she may not edit: not hers to see here.
        raise Http404(_("There is no such event among those you may edit."))
    status = 200
    if request.method == "POST":
        form = EventTextsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                save_german_texts(
                    event,
                    request.user,
                    title=data["title"],
                    description=data["description"],
                    expected_version=data["expected_version"],
                )
            except ConflictError:
                form.add_error(
                    None,
                    _(
                        "Someone else saved this event while you were editing it. Your text "
                        "is still here; reload the page to see theirs, then save again."
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The event's texts are saved."))
                return redirect(request.path)
        status = 409 if form.non_field_errors() else 400
    else:
        form = EventTextsForm(
            initial={
                "title": event.title,
                "description": event.description,
                "expected_version": event.version,
            }
        )
    books = bookkeeping_of(event)
    languages = [
        {"language": language, "state": books.state(event, language.code)}
        for language in region.languages.exclude(code=SOURCE_LANGUAGE)
    ]
    return render(
        request,
        "directory/staff/events/edit.html",
        {"region": region, "event": event, "form": form, "languages": languages},
        status=status,
    )
