"""The staff's translation boards for offers, events, categories and the glossary, at
/<region>/intern/portal/inhalte/: counts per language, the board of one language (what is
missing, outdated or machine-translated and not reviewed, oldest first), the edit form of
one record's translation with the German source beside it, machine translation on request
and review. What each kind of record is and who may edit it: content_translation.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ankommen.core.models import ConflictError, Language, Region
from ankommen.core.permissions import is_installation_admin, is_ki_coordinator
from ankommen.core.routing import staff_view
from ankommen.core.text_translations import SourceChangedError as CoreSourceChangedError
from ankommen.core.translation import SOURCE_LANGUAGE, TranslationState
from ankommen.jobs import dispatch
from ankommen.portal import content_translation
from ankommen.portal.forms import ContentTranslationForm, VersionForm
from ankommen.portal.machine import MachineTranslationError, configured_provider, translate
from ankommen.portal.services import TRANSLATION_CHANGED_MESSAGE, SourceChangedError


def _language(region: Region, code: str) -> Language:
    language = region.languages.filter(code=code).first()
    if language is None:
        raise Http404(_("This region offers no content in that language."))
    return language


@staff_view("portal.use_staff_pages")
@require_safe
def index(request: HttpRequest, region: Region) -> HttpResponse:
    languages = [lang for lang in region.languages.all() if lang.code != SOURCE_LANGUAGE]
    return render(
        request,
        "portal/staff/content_index.html",
        {
            "region": region,
            "counts": content_translation.counts(request.user, region, languages),
            "kinds": [
                kind
                for kind in content_translation.KINDS.values()
                if kind.may_list(request.user, region)
            ],
        },
    )


@staff_view("portal.use_staff_pages")
@require_safe
def board(request: HttpRequest, region: Region, language: str) -> HttpResponse:
    language_obj = _language(region, language)
    if language_obj.code == SOURCE_LANGUAGE:
        raise Http404(_("German is the source; it is not translated."))
    return render(
        request,
        "portal/staff/content_board.html",
        {
            "region": region,
            "language": language_obj,
            "sections": content_translation.board(request.user, region, language_obj),
            "may_translate_all": _may_translate_all(request.user, region)
            and configured_provider() is not None,
        },
    )


def _may_translate_all(user, region: Region) -> bool:
    """A whole language at once is the KI coordinator's decision (it costs quota)."""
    return bool((is_installation_admin | is_ki_coordinator).test(user, region))


@staff_view("portal.use_staff_pages")
@require_POST
def machine_language(request: HttpRequest, region: Region, language: str) -> HttpResponse:
    """Start the background job that translates everything missing or outdated in the
    language (portal/jobs.py); its page shows the progress."""
    if not _may_translate_all(request.user, region):
        raise PermissionDenied
    language_obj = _language(region, language)
    if language_obj.code == SOURCE_LANGUAGE:
        raise Http404(_("German is the source; it is not translated."))
    if configured_provider() is None:
        messages.error(request, _("No machine translation service is configured."))
        return redirect("portal_staff:content_board", region=region.slug, language=language)
    try:
        job = dispatch.start(
            "portal.translate_language",
            region=region,
            started_by=request.user,
            language=language_obj.code,
        )
    except dispatch.QueueUnavailable as error:
        messages.error(request, str(error))
        return redirect("portal_staff:content_board", region=region.slug, language=language)
    return redirect("jobs_staff:detail", region=region.slug, pk=job.pk)


def _edit_url(region: Region, kind, pk: int, language: Language) -> str:
    return reverse(
        "portal_staff:content_edit",
        kwargs={"region": region.slug, "kind": kind.slug, "pk": pk, "language": language.code},
    )


def _render_edit(request, region, item, language, form, status=200) -> HttpResponse:
    return render(
        request,
        "portal/staff/content_edit.html",
        {
            "region": region,
            "item": item,
            "kind": item.kind,
            "language": language,
            "form": form,
            "is_source": language.code == SOURCE_LANGUAGE,
            "german_fields": [
                (f.label, item.german.get(f.name, ""), f.rich) for f in item.kind.fields
            ],
            "machine_available": configured_provider() is not None,
            "needs_review": item.state == TranslationState.MACHINE,
        },
        status=status,
    )


@staff_view("portal.use_staff_pages")
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, region: Region, kind: str, pk: int, language: str) -> HttpResponse:
    kind_obj = content_translation.kind_of(kind)
    record = kind_obj.get(request.user, region, pk)
    language_obj = _language(region, language)
    item = kind_obj.item(record, language_obj.code)
    if request.method == "POST":
        form = ContentTranslationForm(request.POST, fields=kind_obj.fields, language=language_obj)
        if form.is_valid():
            data = form.cleaned_data
            try:
                kind_obj.save(
                    item,
                    language_obj,
                    {field.name: data.get(field.name, "") for field in kind_obj.fields},
                    opened=data["opened_source_version"],
                    expected=data["expected_version"],
                    author=request.user,
                    machine=False,
                )
            except CoreSourceChangedError as error:
                form.add_error(None, SourceChangedError(error.opened, error.current).message)
            except ConflictError:
                form.add_error(None, str(TRANSLATION_CHANGED_MESSAGE))
            else:
                messages.success(request, _("Saved."))
                return redirect(request.path)
        item = kind_obj.item(kind_obj.get(request.user, region, pk), language_obj.code)
        status = 409 if form.non_field_errors() else 400
        return _render_edit(request, region, item, language_obj, form, status)
    form = ContentTranslationForm(
        initial={
            **item.texts,
            "opened_source_version": item.source_version,
            "expected_version": item.version,
        },
        fields=kind_obj.fields,
        language=language_obj,
    )
    return _render_edit(request, region, item, language_obj, form)


def _expected(request) -> int:
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise Http404(_("The form is incomplete."))
    return form.cleaned_data["expected_version"]


@staff_view("portal.use_staff_pages")
@require_POST
def machine(
    request: HttpRequest, region: Region, kind: str, pk: int, language: str
) -> HttpResponse:
    """Translate the German texts by machine; saved as "machine-translated, not reviewed",
    or nothing at all when the service fails."""
    kind_obj = content_translation.kind_of(kind)
    record = kind_obj.get(request.user, region, pk)
    language_obj = _language(region, language)
    if language_obj.code == SOURCE_LANGUAGE:
        raise Http404(_("German is the source; it is not translated."))
    item = kind_obj.item(record, language_obj.code)
    names = [field.name for field in kind_obj.fields]
    if not any(item.german.values()):
        messages.error(request, _("There is no German text to translate yet."))
        return redirect(_edit_url(region, kind_obj, pk, language_obj))
    try:
        translated = translate([item.german.get(name, "") for name in names], language_obj)
        kind_obj.save(
            item,
            language_obj,
            {
                field.name: text.strip()[: field.max_length]
                for field, text in zip(kind_obj.fields, translated, strict=True)
            },
            opened=item.source_version,
            expected=_expected(request),
            author=request.user,
            machine=True,
        )
    except MachineTranslationError as error:
        messages.error(request, _("Nothing was saved: %(reason)s") % {"reason": error})
    except ConflictError:
        messages.error(request, str(TRANSLATION_CHANGED_MESSAGE))
    else:
        messages.success(
            request, _("Translated by machine. Please check it and mark it as reviewed.")
        )
    return redirect(_edit_url(region, kind_obj, pk, language_obj))


@staff_view("portal.use_staff_pages")
@require_POST
def review(request: HttpRequest, region: Region, kind: str, pk: int, language: str) -> HttpResponse:
    kind_obj = content_translation.kind_of(kind)
    record = kind_obj.get(request.user, region, pk)
    language_obj = _language(region, language)
    item = kind_obj.item(record, language_obj.code)
    try:
        kind_obj.mark_reviewed(item, language_obj, expected=_expected(request), author=request.user)
    except ConflictError:
        messages.error(request, str(TRANSLATION_CHANGED_MESSAGE))
    else:
        messages.success(request, _("Marked as reviewed."))
    return redirect(_edit_url(region, kind_obj, pk, language_obj))
