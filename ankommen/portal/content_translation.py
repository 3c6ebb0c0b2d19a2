"""The translation workflow for the directory's and the region's content beside the portal
pages: offers (translation rows, directory.OfferTranslation), events, target groups,
fields of action, audiences, places' names and glossary entries (JSON maps with bookkeeping rows,
core.TextTranslation). One `Kind` per sort of record tells the staff pages what to list,
who may edit which record, and how its texts are read and saved, so that the board and
the edit form are written once.

Who edits what follows the modules' own rules: offers – `directory.change_offer` (the KI
coordinator, the maintaining organisation's editors, the town's officer); events –
`directory.change_event` (the KI, the organiser's editors, the town's officer); target
groups and fields of action – `core.change_targetgroup` / `core.change_fieldofaction`
(the KI); audiences are shared by every region – `core.change_audience` (the installation
admin); places – `directory.change_place` (the KI); glossary entries –
`portal.change_glossaryentry` (the KI).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ankommen.core import text_translations
from ankommen.core.models import (
    Audience,
    ConflictError,
    FieldOfAction,
    Language,
    Region,
    TargetGroup,
)
from ankommen.core.text_translations import SourceChangedError
from ankommen.core.translation import SOURCE_LANGUAGE, STATES_TO_DO, TranslationState
from ankommen.directory.models import Event, Offer, OfferTranslation, Place
from ankommen.portal.models import GlossaryEntry


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    long: bool = False
    # Written in the rich-text editor (core/richtext.py): stored as sanitised HTML.
    rich: bool = False
    max_length: int = 200
    required: bool = False


@dataclass
class Item:
    """One record's translation into one language, as the board and the form show it."""

    kind: Kind
    record: models.Model
    german: dict[str, str]
    texts: dict[str, str]
    state: TranslationState
    source_version: int
    made_from: int | None
    version: int
    since: object = None

    @property
    def title(self) -> str:
        return self.kind.title(self)


class Kind:
    """How one sort of record takes part in the workflow."""

    slug = ""
    label = ""
    model: type[models.Model]
    permission = ""
    fields: tuple[Field, ...] = ()
    # Optional translations (a place's name is mostly a proper name): the board lists them
    # only once they exist and are outdated or wait for review.
    optional = False

    def records(self, user, region: Region) -> models.QuerySet:
        raise NotImplementedError

    def may_edit(self, user, record) -> bool:
        return user.has_perm(self.permission, record)

    def may_list(self, user, region: Region) -> bool:
        return True

    def get(self, user, region: Region, pk: int):
        record = get_object_or_404(self.records(user, region), pk=pk)
        if not self.may_edit(user, record):
            raise PermissionDenied(_("You may not translate this entry."))
        return record

    def items(self, records, code: str) -> list[Item]:
        raise NotImplementedError

    def item(self, record, code: str) -> Item:
        return self.items([record], code)[0]

    def title(self, item: Item) -> str:
        return next((text for text in item.german.values() if text), str(item.record))

    def save(self, item: Item, language: Language, values, *, opened, expected, author, machine):
        raise NotImplementedError

    def mark_reviewed(self, item: Item, language: Language, *, expected, author) -> None:
        raise NotImplementedError


class OfferKind(Kind):
    slug = "angebot"
    label = _("Offers")
    model = Offer
    permission = "directory.change_offer"
    fields = (
        Field("title", _("Title"), required=True),
        Field("summary", _("Summary"), max_length=400),
        Field("description", _("Description"), long=True, rich=True, max_length=20000),
    )

    def records(self, user, region):
        return (
            Offer.objects.editable_by(user)
            .filter(region=region)
            .prefetch_related("translations__language")
        )

    def items(self, records, code):
        found = []
        for offer in records:
            rows = {row.language.code: row for row in offer.translations.all()}
            german, own = rows.get(SOURCE_LANGUAGE), rows.get(code)
            found.append(
                Item(
                    kind=self,
                    record=offer,
                    german=_row_texts(german),
                    texts=_row_texts(own),
                    state=own.state(offer) if own else TranslationState.MISSING,
                    source_version=offer.source_version,
                    made_from=own.source_version if own else None,
                    version=own.version if own else 0,
                    since=(own.updated_at if own and own.is_machine else None)
                    or offer.source_changed_at
                    or (german.updated_at if german else None),
                )
            )
        return found

    @transaction.atomic
    def save(self, item, language, values, *, opened, expected, author, machine):
        offer = Offer.objects.select_for_update().get(pk=item.record.pk)
        if opened != offer.source_version:
            raise SourceChangedError(opened, offer.source_version)
        row = OfferTranslation.objects.filter(offer=offer, language=language).first()
        if expected != (row.version if row else 0):
            raise ConflictError(offer.pk)
        row = row or OfferTranslation(offer=offer, language=language)
        for field in self.fields:
            setattr(row, field.name, (values.get(field.name) or "").strip())
        row.provenance = (
            OfferTranslation.Provenance.MACHINE if machine else OfferTranslation.Provenance.HUMAN
        )
        row.full_clean(exclude=["offer", "language"], validate_unique=False)
        row.save_checked(expected_version=expected)
        if language.code != SOURCE_LANGUAGE and row.source_version != offer.source_version:
            # Saved unchanged: the person confirms it fits the current German text.
            OfferTranslation.objects.filter(pk=row.pk).update(source_version=offer.source_version)
        return row

    def mark_reviewed(self, item, language, *, expected, author):
        row = OfferTranslation.objects.get(offer=item.record, language=language)
        if row.provenance == OfferTranslation.Provenance.MACHINE:
            row.provenance = OfferTranslation.Provenance.REVIEWED
            row.save_checked(expected_version=expected)


def _row_texts(row) -> dict[str, str]:
    if row is None:
        return {"title": "", "summary": "", "description": ""}
    return {"title": row.title, "summary": row.summary, "description": row.description}


class MapKind(Kind):
    """Records whose texts are JSON maps, kept by core.text_translations."""

    def items(self, records, code):
        records = list(records)
        books = text_translations.Bookkeeping(self.model, records, [code])
        found = []
        for record in records:
            own = books.row(record, code)
            state = books.state(record, code)
            german_row = books.row(record, SOURCE_LANGUAGE)
            found.append(
                Item(
                    kind=self,
                    record=record,
                    german=record.texts_for(SOURCE_LANGUAGE),
                    texts=record.texts_for(code),
                    state=state,
                    source_version=books.source_version(record),
                    made_from=(own.source_version if own else 1)
                    if state != TranslationState.MISSING
                    else None,
                    version=books.version(record, code),
                    since=(own.updated_at if own and own.machine_translated else None)
                    or (german_row.updated_at if german_row else None),
                )
            )
        return found

    def save(self, item, language, values, *, opened, expected, author, machine):
        return text_translations.save_texts(
            item.record,
            language,
            values=values,
            opened_source_version=opened,
            expected_version=expected,
            author=author,
            machine=machine,
        )

    def mark_reviewed(self, item, language, *, expected, author):
        text_translations.mark_reviewed(
            item.record, language, expected_version=expected, author=author
        )


class EventKind(MapKind):
    slug = "termin"
    label = _("Events")
    model = Event
    permission = "directory.change_event"
    fields = (
        Field("title", _("Title"), required=True),
        Field("description", _("Description"), long=True, rich=True, max_length=20000),
    )

    def records(self, user, region):
        return Event.objects.editable_by(user).filter(region=region)


class PlaceKind(MapKind):
    slug = "ort"
    label = _("Places")
    model = Place
    permission = "directory.change_place"
    optional = True
    fields = (Field("name", _("Name"), required=True),)

    def may_list(self, user, region):
        return user.has_perm(self.permission, region)

    def records(self, user, region):
        if not self.may_list(user, region):
            return Place.objects.none()
        return Place.objects.filter(region=region)


class VocabularyKind(MapKind):
    fields = (Field("name", _("Name"), required=True),)

    def may_list(self, user, region):
        return user.has_perm(self.permission, region)

    def records(self, user, region):
        if not self.may_list(user, region):
            return self.model.objects.none()
        return self.model.objects.filter(region=region)


class TargetGroupKind(VocabularyKind):
    slug = "zielgruppe"
    label = _("Target groups")
    model = TargetGroup
    permission = "core.change_targetgroup"


class FieldOfActionKind(VocabularyKind):
    slug = "handlungsfeld"
    label = _("Fields of action")
    model = FieldOfAction
    permission = "core.change_fieldofaction"


class AudienceKind(VocabularyKind):
    """Shared by every region: only the installation admin changes them."""

    slug = "publikum"
    label = _("Audiences")
    model = Audience
    permission = "core.change_audience"

    def records(self, user, region):
        if not self.may_list(user, region):
            return Audience.objects.none()
        return Audience.objects.all()


class GlossaryKind(MapKind):
    slug = "glossar"
    label = _("Glossary")
    model = GlossaryEntry
    permission = "portal.change_glossaryentry"
    fields = (
        Field("expansion", _("Word or full form"), required=True),
        Field("explanation", _("Explanation"), long=True, max_length=2000, required=True),
    )

    def may_list(self, user, region):
        return user.has_perm(self.permission, region)

    def records(self, user, region):
        if not self.may_list(user, region):
            return GlossaryEntry.objects.none()
        return GlossaryEntry.objects.filter(region=region)

    def title(self, item):
        return item.record.term


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        OfferKind(),
        EventKind(),
        PlaceKind(),
        TargetGroupKind(),
        FieldOfActionKind(),
        AudienceKind(),
        GlossaryKind(),
    )
}


def kind_of(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404(_("There is no such kind of content."))
    return kind


def board(user, region: Region, language: Language) -> list[tuple[Kind, list[Item]]]:
    """Per kind, what waits in `language`: missing, outdated, machine-translated and not
    reviewed; oldest first."""
    sections = []
    for kind in KINDS.values():
        if not kind.may_list(user, region):
            continue
        items = [
            item
            for item in kind.items(kind.records(user, region), language.code)
            if item.state in STATES_TO_DO
            and not (kind.optional and item.state == TranslationState.MISSING)
        ]
        items.sort(key=lambda item: (item.since is None, item.since or timezone.now()))
        sections.append((kind, items))
    return sections


def counts(user, region: Region, languages) -> list[tuple[Language, dict[str, int]]]:
    """Per language, how many records of all kinds are in each state."""
    found = []
    kinds = [kind for kind in KINDS.values() if kind.may_list(user, region)]
    records = {kind.slug: list(kind.records(user, region)) for kind in kinds}
    for language in languages:
        tally = {state: 0 for state in TranslationState.values}
        for kind in kinds:
            for item in kind.items(records[kind.slug], language.code):
                if not (kind.optional and item.state == TranslationState.MISSING):
                    tally[item.state] += 1
        found.append((language, tally))
    return found
