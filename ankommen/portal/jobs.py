"""The portal's background jobs (ankommen/jobs): machine translation of everything missing
or outdated in one language (pages, offers, events, categories, glossary), and the
periodic check of external links in every region.

Safe to run twice: what is translated becomes "machine-translated, not reviewed", which a
second run leaves alone; so a job that dies half-way and runs again does the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ankommen.core.models import ConflictError, Region
from ankommen.core.text_translations import SourceChangedError as ContentSourceChanged
from ankommen.core.translation import SOURCE_LANGUAGE, TranslationState
from ankommen.jobs.registry import JobFailed, job_kind
from ankommen.portal import content_translation
from ankommen.portal.links import check_external_links
from ankommen.portal.machine import (
    MachineTranslationError,
    NotConfigured,
    UnsupportedLanguage,
    translate,
    translate_page,
)
from ankommen.portal.models import Page
from ankommen.portal.services import SourceChangedError as PageSourceChanged

TO_TRANSLATE = {TranslationState.MISSING, TranslationState.OUTDATED}


def _page_work(user, region: Region, language) -> list[tuple[str, Callable[[], object]]]:
    work = []
    pages = (
        Page.objects.editable_by(user)
        .filter(region=region)
        .exclude(status=Page.Status.ARCHIVED)
        .prefetch_related("translations__language")
        .order_by("pk")
    )
    for page in pages:
        own = next((t for t in page.translations.all() if t.language_id == language.pk), None)
        german = next(
            (t for t in page.translations.all() if t.language.code == SOURCE_LANGUAGE), None
        )
        state = own.state(page) if own else TranslationState.MISSING
        if german is None or state not in TO_TRANSLATE:
            continue
        expected = own.version if own else 0

        def run(page=page, expected=expected):
            translate_page(page, language, expected_version=expected, author=user)

        work.append((german.title, run))
    return work


def _content_work(user, region: Region, language) -> list[tuple[str, Callable[[], object]]]:
    work = []
    for kind, items in content_translation.board(user, region, language):
        for item in items:
            if item.state not in TO_TRANSLATE or not any(item.german.values()):
                continue

            def run(kind=kind, item=item):
                names = [field.name for field in kind.fields]
                translated = translate([item.german.get(name, "") for name in names], language)
                kind.save(
                    item,
                    language,
                    {
                        field.name: text.strip()[: field.max_length]
                        for field, text in zip(kind.fields, translated, strict=True)
                    },
                    opened=item.source_version,
                    expected=item.version,
                    author=user,
                    machine=True,
                )

            work.append((kind.title(item), run))
    return work


def outdated_count(user, region: Region, language) -> int:
    """How much a language job would translate now."""
    return len(_page_work(user, region, language)) + len(_content_work(user, region, language))


@job_kind(
    "portal.translate_language",
    label=gettext_lazy("Machine translation of everything missing or outdated in a language"),
    max_attempts=3,
)
def translate_language(job, *, language: str) -> str:
    region, user = job.region, job.started_by
    if region is None or user is None:
        raise JobFailed(_("The person who started this job no longer exists."))
    language_obj = region.languages.filter(code=language).first()
    if language_obj is None or language_obj.code == SOURCE_LANGUAGE:
        raise JobFailed(_("This region offers no content in that language."))
    work = _page_work(user, region, language_obj) + _content_work(user, region, language_obj)
    job.progress(0, len(work))
    translated = 0
    skipped: list[str] = []
    for done, (title, run) in enumerate(work, start=1):
        try:
            run()
        except (NotConfigured, UnsupportedLanguage) as error:
            raise JobFailed(str(error)) from None
        except (ConflictError, PageSourceChanged, ContentSourceChanged):
            # Someone changed it meanwhile: her text stays, the machine does not overwrite it.
            skipped.append(_("“%(title)s”: changed meanwhile, left alone") % {"title": title})
        except MachineTranslationError:
            # The service fails (down, quota, timeout): the job is tried again later and
            # does what is still missing (the translated ones are no longer outdated).
            raise
        else:
            translated += 1
        job.progress(done)
    job.details = skipped
    return _("%(translated)s of %(total)s texts translated by machine; please review them.") % {
        "translated": translated,
        "total": len(work),
    }


def check_links_everywhere() -> str:
    """Periodic: check the external links of every region's portal pages."""
    broken = sum(check_external_links(region) for region in Region.objects.order_by("pk"))
    return f"{broken} broken link(s)"
