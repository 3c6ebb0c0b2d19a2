"""Saving a translation: the one place that checks versions and keeps revisions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.core import text_translations
from ankommen.core.content_version import raise_versions
from ankommen.core.models import ConflictError, Language
from ankommen.portal.models import SOURCE_LANGUAGE, Page, PageRevision, PageTranslation

SOURCE_CHANGED_MESSAGE = _(
    "The German text changed after you opened this translation (you worked from version "
    "%(opened)s, it is now version %(current)s). Nothing was saved. Compare with the new "
    "German text and make your changes again."
)
TRANSLATION_CHANGED_MESSAGE = _(
    "Someone else saved this translation after you opened it. Nothing was saved; the form "
    "now shows their version – please make your changes again."
)


class SourceChangedError(text_translations.SourceChangedError):
    @property
    def message(self) -> str:
        return str(SOURCE_CHANGED_MESSAGE) % {"opened": self.opened, "current": self.current}


@transaction.atomic
def save_translation(
    page: Page,
    language: Language,
    *,
    title: str,
    body: str,
    summary: str = "",
    opened_source_version: int,
    expected_version: int,
    author=None,
    machine_translated: bool = False,
    reviewed: bool = False,
    minor: bool = False,
) -> PageTranslation:
    """Save the page's text in `language`.

    `opened_source_version` is the German version the editor saw, `expected_version` the
    translation's version she opened (0 for a new one). Either being stale raises a
    ConflictError and writes nothing. Saving the German text raises the page's source
    version, which makes every translation outdated, unless `minor` is set.
    """
    page = Page.objects.select_for_update().get(pk=page.pk)
    if opened_source_version != page.source_version:
        raise SourceChangedError(opened_source_version, page.source_version)
    is_source = language.code == SOURCE_LANGUAGE
    translation = (
        PageTranslation.objects.select_for_update().filter(page=page, language=language).first()
    )
    current_version = translation.version if translation else 0
    if expected_version != current_version:
        raise ConflictError(page.pk)
    if is_source and not minor and translation is not None:
        Page.objects.filter(pk=page.pk).update(
            source_version=F("source_version") + 1, source_changed_at=timezone.now()
        )
        page.refresh_from_db(fields=["source_version", "source_changed_at"])
    elif is_source and page.source_changed_at is None:
        Page.objects.filter(pk=page.pk).update(source_changed_at=timezone.now())
    if translation is None:
        translation = PageTranslation(page=page, language=language)
    translation.title = title
    translation.summary = summary
    translation.body = body
    translation.source_version = page.source_version
    translation.machine_translated = machine_translated and not is_source
    translation.reviewed = reviewed and translation.machine_translated
    translation.full_clean(exclude=["page", "language"], validate_unique=False)
    if translation.pk:
        translation.save_checked(expected_version=expected_version)
    else:
        translation.save()
    keep_revision(translation, author)
    return translation


def keep_revision(translation: PageTranslation, author=None) -> PageRevision:
    return PageRevision.objects.create(
        translation=translation,
        number=translation.version,
        title=translation.title,
        summary=translation.summary,
        body=translation.body,
        source_version=translation.source_version,
        machine_translated=translation.machine_translated,
        reviewed=translation.reviewed,
        author=author,
    )


@transaction.atomic
def mark_reviewed(translation: PageTranslation, *, expected_version: int, author) -> None:
    translation.reviewed = True
    translation.save_checked(expected_version=expected_version)
    keep_revision(translation, author)


@transaction.atomic
def restore_revision(revision: PageRevision, *, expected_version: int, author) -> None:
    translation = revision.translation
    translation.title = revision.title
    translation.summary = revision.summary
    translation.body = revision.body
    translation.machine_translated = revision.machine_translated
    translation.reviewed = revision.reviewed
    translation.source_version = revision.source_version
    translation.save_checked(expected_version=expected_version)
    keep_revision(translation, author)


class Place(TextChoices):
    BEFORE = "before", _("before")
    AFTER = "after", _("after")


@transaction.atomic
def page_move(*, page: Page, target: Page, place: str, expected_version: int) -> Page:
    """Puts `page` right before or after `target`, as a sibling of `target` (so it may
    change its parent page) – the one reorder rule behind the arrow buttons and dragging.

    Refused with a ValidationError, writing nothing, when the page would come to lie below
    itself, in another region or too deep; with a ConflictError when the page was changed
    after the editor opened the tree (`expected_version`). Who may move which page is the
    view's business (permissions.py)."""
    page = Page.objects.select_for_update().get(pk=page.pk)
    target = Page.objects.get(pk=target.pk)
    if page.version != expected_version:
        raise ConflictError(page.pk)
    if target.pk == page.pk:
        return page
    if target.region_id != page.region_id:
        raise ValidationError(_("The pages belong to different regions."), code="other_region")
    if page.is_legal or target.is_legal:
        raise ValidationError(
            _("Legal pages stand outside the page tree and are not moved."), code="legal"
        )
    page.parent_id = target.parent_id
    page.parent = target.parent
    if page.parent_id is not None:
        page.icon = ""  # a tile icon belongs to a top-level page; below, it is dropped
    page.clean()  # a page cannot lie below itself, nor deeper than allowed
    siblings = [
        sibling
        for sibling in Page.objects.select_for_update()
        .tree()
        .filter(region_id=page.region_id, parent_id=target.parent_id)
        .order_by("position", "slug")
        if sibling.pk != page.pk
    ]
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == target.pk)
    siblings.insert(index if place == Place.BEFORE else index + 1, page)
    for position, sibling in enumerate(siblings):
        if sibling.pk != page.pk and sibling.position != position * 10:
            Page.objects.filter(pk=sibling.pk).update(position=position * 10)
        elif sibling.pk == page.pk:
            page.position = position * 10
    page.save_checked(expected_version=expected_version)
    raise_versions(page.region_id)  # the siblings' update() sends no signal
    return page
