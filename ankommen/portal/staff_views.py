"""The editors' pages at /<region>/intern/portal/: the translation board per language
(what is missing or outdated, oldest first, and broken links), the edit form with its
version check, "translate from German", review, revisions and reordering.

Entered through `staff_view` (the rule `portal.use_staff_pages`: the region's staff); who
may edit which page comes from permissions.py (KI coordinator: her region, municipal
officer: her town's pages, installation admin: all).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ankommen.core.models import ConflictError, Language, Region
from ankommen.core.routing import staff_view
from ankommen.core.textdiff import word_diff
from ankommen.portal.forms import (
    DropForm,
    MoveForm,
    PageServiceForm,
    TranslationForm,
    VersionForm,
)
from ankommen.portal.links import broken_links
from ankommen.portal.machine import MachineTranslationError, configured_provider, translate_page
from ankommen.portal.models import (
    SOURCE_LANGUAGE,
    AccessibilityFeedback,
    Page,
    PageKind,
    PageRevision,
    PageService,
    PageTranslation,
    TranslationState,
    sanitise,
)
from ankommen.portal.services import (
    TRANSLATION_CHANGED_MESSAGE,
    Place,
    SourceChangedError,
    mark_reviewed,
    page_move,
    restore_revision,
    save_translation,
)


def _language(region: Region, code: str) -> Language:
    language = region.languages.filter(code=code).first()
    if language is None:
        raise Http404(_("This region offers no content in that language."))
    return language


def _editable_page(request, region: Region, pk: int) -> Page:
    page = get_object_or_404(Page.objects.visible_to(request.user), region=region, pk=pk)
    if not request.user.has_perm("portal.change_page", page):
        raise PermissionDenied(_("You may not edit this page."))
    return page


@staff_view("portal.use_staff_pages")
@require_GET
def index(request: HttpRequest, region: Region) -> HttpResponse:
    pages = list(
        Page.objects.editable_by(request.user)
        .filter(region=region)
        .select_related("town", "parent")
        .prefetch_related("translations__language")
    )
    languages = [lang for lang in region.languages.all() if lang.code != SOURCE_LANGUAGE]
    counts = []
    for language in languages:
        tally = {state: 0 for state in TranslationState.values}
        for page in pages:
            tally[_state(page, language)] += 1
        counts.append((language, tally))
    german = region.languages.filter(code=SOURCE_LANGUAGE).first()
    tree = [page for page in pages if not page.is_legal]
    order = list(PageKind.values)  # imprint, privacy, accessibility
    legal = sorted((page for page in pages if page.is_legal), key=lambda p: order.index(p.kind))
    return render(
        request,
        "portal/staff/index.html",
        {
            "region": region,
            "pages": _tree_order(tree),
            "legal_pages": legal,
            "counts": counts,
            "german": german,
            "feedback_count": AccessibilityFeedback.objects.filter(
                region=region, handled_at__isnull=True
            ).count(),
        },
    )


def _tree_order(pages: list[Page]) -> list[tuple[Page, int]]:
    by_parent: dict[int | None, list[Page]] = {}
    ids = {p.pk for p in pages}
    for page in pages:
        key = page.parent_id if page.parent_id in ids else None
        by_parent.setdefault(key, []).append(page)
    ordered: list[tuple[Page, int]] = []

    def walk(parent, depth):
        for page in sorted(by_parent.get(parent, []), key=lambda p: (p.position, p.slug)):
            ordered.append((page, depth))
            walk(page.pk, depth + 1)

    walk(None, 0)
    return ordered


def _state(page: Page, language: Language) -> str:
    for row in page.translations.all():
        if row.language_id == language.pk:
            return row.state(page)
    return TranslationState.MISSING


@staff_view("portal.use_staff_pages")
@require_GET
def board(request: HttpRequest, region: Region, language: str) -> HttpResponse:
    language_obj = _language(region, language)
    pages = list(
        Page.objects.editable_by(request.user)
        .filter(region=region)
        .exclude(status=Page.Status.ARCHIVED)
        .prefetch_related("translations__language")
    )
    rows = []
    translations = []
    for page in pages:
        own = next((t for t in page.translations.all() if t.language_id == language_obj.pk), None)
        german = next(
            (t for t in page.translations.all() if t.language.code == SOURCE_LANGUAGE), None
        )
        if own is not None:
            translations.append(own)
        state = own.state(page) if own else TranslationState.MISSING
        if state in (TranslationState.UP_TO_DATE, TranslationState.REVIEWED):
            continue
        if german is None and language_obj.code != SOURCE_LANGUAGE:
            continue
        # Oldest first: since when the work has been waiting.
        since = page.source_changed_at or (german.updated_at if german else None)
        if state == TranslationState.MACHINE and own is not None:
            since = own.updated_at
        rows.append(
            {
                "page": page,
                "state": state,
                "label": TranslationState(state).label,
                "since": since,
                "translation": own,
                "german": german,
            }
        )
    rows.sort(key=lambda row: (row["since"] is None, row["since"] or 0))
    return render(
        request,
        "portal/staff/board.html",
        {
            "region": region,
            "language": language_obj,
            "rows": rows,
            "broken": broken_links(region, translations),
        },
    )


def _edit_context(request, page, language, form, translation, german, preview=None):
    revisions = list(translation.revisions.all()[:20]) if translation else []
    compare = []
    made_from = None
    if translation and german and language.code != SOURCE_LANGUAGE:
        made_from = (
            PageRevision.objects.filter(
                translation=german, source_version=translation.source_version
            )
            .order_by("-number")
            .first()
        )
        if made_from and translation.source_version < page.source_version:
            # What changed in the German since the version this translation was made from,
            # word by word, per field.
            for label, old, new, html in (
                (_("Title"), made_from.title, german.title, False),
                (_("Summary"), made_from.summary, german.summary, False),
                (_("Text"), made_from.body, german.body, True),
            ):
                segments = word_diff(old, new, html=html)
                if segments:
                    compare.append({"label": label, "segments": segments})
    state = translation.state(page) if translation else TranslationState.MISSING
    return {
        "region": page.region,
        "page": page,
        "language": language,
        "form": form,
        "translation": translation,
        "german": german,
        "revisions": revisions,
        "compare": compare,
        "compare_from": made_from.source_version if made_from else None,
        "state": state,
        "state_label": TranslationState(state).label,
        "is_source": language.code == SOURCE_LANGUAGE,
        "machine_available": configured_provider() is not None,
        "preview": preview,
    }


@staff_view("portal.use_staff_pages")
def edit(request: HttpRequest, region: Region, pk: int, language: str) -> HttpResponse:
    page = _editable_page(request, region, pk)
    language_obj = _language(region, language)
    translation = PageTranslation.objects.filter(page=page, language=language_obj).first()
    german = PageTranslation.objects.filter(page=page, language__code=SOURCE_LANGUAGE).first()
    is_source = language_obj.code == SOURCE_LANGUAGE
    machine = bool(translation and translation.machine_translated)
    if request.method == "POST":
        form = TranslationForm(request.POST, is_source=is_source, machine=machine)
        if form.is_valid() and "preview" in request.POST:
            # Shown as it would be published (sanitised), nothing saved.
            data = form.cleaned_data
            preview = {
                "title": data["title"],
                "summary": data["summary"],
                "body": sanitise(data["body"]),
            }
            return render(
                request,
                "portal/staff/edit.html",
                _edit_context(request, page, language_obj, form, translation, german, preview),
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                save_translation(
                    page,
                    language_obj,
                    title=data["title"],
                    summary=data["summary"],
                    body=data["body"],
                    opened_source_version=data["opened_source_version"],
                    expected_version=data["expected_version"],
                    author=request.user,
                    machine_translated=machine,
                    reviewed=data.get("reviewed", False),
                    minor=data.get("minor", False),
                )
            except SourceChangedError as error:
                form.add_error(None, error.message)
            except ConflictError:
                form.add_error(None, str(TRANSLATION_CHANGED_MESSAGE))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(request.path)
        status = 409 if form.non_field_errors() else 400
        return render(
            request,
            "portal/staff/edit.html",
            _edit_context(request, page, language_obj, form, translation, german),
            status=status,
        )
    if request.method != "GET":
        return HttpResponse(status=405)
    initial = {
        "opened_source_version": page.source_version,
        "expected_version": translation.version if translation else 0,
    }
    if translation:
        initial.update(title=translation.title, summary=translation.summary, body=translation.body)
    form = TranslationForm(initial=initial, is_source=is_source, machine=machine)
    return render(
        request,
        "portal/staff/edit.html",
        _edit_context(request, page, language_obj, form, translation, german),
    )


def _back(region: Region, page: Page, language: Language):
    return redirect(
        reverse(
            "portal_staff:edit",
            kwargs={"region": region.slug, "pk": page.pk, "language": language.code},
        )
    )


def _expected(request) -> int:
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise Http404(_("The form is incomplete."))
    return form.cleaned_data["expected_version"]


@staff_view("portal.use_staff_pages")
@require_POST
def machine(request: HttpRequest, region: Region, pk: int, language: str) -> HttpResponse:
    page = _editable_page(request, region, pk)
    language_obj = _language(region, language)
    if language_obj.code == SOURCE_LANGUAGE:
        raise Http404(_("German is the source; it is not translated."))
    try:
        translate_page(page, language_obj, expected_version=_expected(request), author=request.user)
    except MachineTranslationError as error:
        messages.error(request, _("Nothing was saved: %(reason)s") % {"reason": error})
    except SourceChangedError as error:
        messages.error(request, error.message)
    except ConflictError:
        messages.error(request, str(TRANSLATION_CHANGED_MESSAGE))
    except PageTranslation.DoesNotExist:
        messages.error(request, _("There is no German text to translate yet."))
    else:
        messages.success(
            request, _("Translated by machine. Please check it and mark it as reviewed.")
        )
    return _back(region, page, language_obj)


@staff_view("portal.use_staff_pages")
@require_POST
def review(request: HttpRequest, region: Region, pk: int, language: str) -> HttpResponse:
    page = _editable_page(request, region, pk)
    language_obj = _language(region, language)
    translation = get_object_or_404(PageTranslation, page=page, language=language_obj)
    try:
        mark_reviewed(translation, expected_version=_expected(request), author=request.user)
    except ConflictError:
        messages.error(request, str(TRANSLATION_CHANGED_MESSAGE))
    else:
        messages.success(request, _("Marked as reviewed."))
    return _back(region, page, language_obj)


@staff_view("portal.use_staff_pages")
@require_POST
def restore(
    request: HttpRequest, region: Region, pk: int, language: str, number: int
) -> HttpResponse:
    page = _editable_page(request, region, pk)
    language_obj = _language(region, language)
    revision = get_object_or_404(
        PageRevision, translation__page=page, translation__language=language_obj, number=number
    )
    try:
        restore_revision(revision, expected_version=_expected(request), author=request.user)
    except ConflictError:
        messages.error(request, str(TRANSLATION_CHANGED_MESSAGE))
    else:
        messages.success(
            request, _("Version %(number)s restored as a new version.") % {"number": number}
        )
    return _back(region, page, language_obj)


MOVE_CONFLICT_MESSAGE = _(
    "Someone else changed this page after you opened the page tree. Nothing was moved; "
    "please reload the tree and try again."
)


def _index(region: Region):
    return redirect(reverse("portal_staff:index", kwargs={"region": region.slug}))


@staff_view("portal.use_staff_pages")
@require_POST
def move(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """The arrow buttons: swap places with the previous or next sibling."""
    page = _editable_page(request, region, pk)
    form = MoveForm(request.POST)
    if page.is_legal:
        messages.error(request, _("Legal pages stand outside the page tree and are not moved."))
        return _index(region)
    if not form.is_valid():
        messages.error(request, _("The form is incomplete."))
        return _index(region)
    siblings = list(
        Page.objects.tree()
        .filter(region=region, parent=page.parent_id)
        .order_by("position", "slug")
    )
    index = next(i for i, p in enumerate(siblings) if p.pk == page.pk)
    up = form.cleaned_data["direction"] == "up"
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return _index(region)  # already first or last
    try:
        page_move(
            page=page,
            target=siblings[other],
            place=Place.BEFORE if up else Place.AFTER,
            expected_version=form.cleaned_data["expected_version"] or page.version,
        )
    except ConflictError:
        messages.error(request, MOVE_CONFLICT_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _index(region)


@staff_view("portal.use_staff_pages")
@require_POST
def drop(request: HttpRequest, region: Region, pk: int) -> JsonResponse:
    """A page dragged onto another row of the page tree (staff_tree.js): it goes before or
    after that page, among its siblings. Answers JSON for the script; the same rule as the
    arrow buttons (services.page_move)."""
    page = _editable_page(request, region, pk)
    form = DropForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _("The form is incomplete.")}, status=400)
    target = get_object_or_404(
        Page.objects.visible_to(request.user), region=region, pk=form.cleaned_data["target"]
    )
    try:
        page_move(
            page=page,
            target=target,
            place=form.cleaned_data["place"],
            expected_version=form.cleaned_data["expected_version"],
        )
    except ConflictError:
        return JsonResponse({"error": str(MOVE_CONFLICT_MESSAGE)}, status=409)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"moved": page.pk})


# --- Accessibility feedback ----------------------------------------------------------------


def _may_read_feedback(request: HttpRequest, region: Region) -> None:
    if not request.user.has_perm("portal.view_accessibilityfeedback", region):
        raise PermissionDenied(_("Only the region's KI coordinators read this feedback."))


@staff_view("portal.use_staff_pages")
@require_GET
def feedback(request: HttpRequest, region: Region) -> HttpResponse:
    """The messages sent through the accessibility statement, newest first."""
    _may_read_feedback(request, region)
    rows = AccessibilityFeedback.objects.filter(region=region).select_related("language")[:200]
    return render(request, "portal/staff/feedback.html", {"region": region, "rows": rows})


# --- Services on a page --------------------------------------------------------------------


@staff_view("portal.use_staff_pages")
@require_http_methods(["GET", "HEAD", "POST"])
def services(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """The offers, places, events, saved filters and contact cards a page shows, and a form
    to add one. The KI coordinator edits all of them; an officer those for her towns."""
    page = get_object_or_404(Page.objects.visible_to(request.user), region=region, pk=pk)
    if not request.user.has_perm("portal.add_pageservice", page):
        raise PermissionDenied(_("You may not change the services on this page."))
    form = PageServiceForm(
        request.POST or None,
        region=region,
        user=request.user,
        instance=PageService(page=page),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The entry was added to the page."))
        return redirect(reverse("portal_staff:services", kwargs={"region": region.slug, "pk": pk}))
    entries = list(
        page.services.select_related("town", "offer", "place", "event").prefetch_related(
            "offer__translations__language"
        )
    )
    editable = set(
        PageService.objects.editable_by(request.user).filter(page=page).values_list("pk", flat=True)
    )
    return render(
        request,
        "portal/staff/services.html",
        {
            "region": region,
            "page": page,
            "entries": entries,
            "editable": editable,
            "form": form,
            "german": region.languages.filter(code=SOURCE_LANGUAGE).first(),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_view("portal.use_staff_pages")
@require_POST
def feedback_answered(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    _may_read_feedback(request, region)
    row = get_object_or_404(AccessibilityFeedback, region=region, pk=pk)
    if row.handled_at is None:
        row.handled_at = timezone.now()
        row.save(update_fields=["handled_at"])
        messages.success(request, _("Marked as answered."))
    return redirect(reverse("portal_staff:feedback", kwargs={"region": region.slug}))


@staff_view("portal.use_staff_pages")
@require_POST
def remove_service(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    service = get_object_or_404(
        PageService.objects.select_related("page"), page__region=region, pk=pk
    )
    if not request.user.has_perm("portal.delete_pageservice", service):
        raise PermissionDenied(_("You may not remove this entry."))
    service.delete()
    messages.success(request, _("The entry was removed from the page."))
    return redirect(
        reverse("portal_staff:services", kwargs={"region": region.slug, "pk": service.page_id})
    )
