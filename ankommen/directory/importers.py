"""CSV import of a spreadsheet of offers (column names follow HSDS where HSDS has one).

Columns: key, organization_key, name, description, name_en, description_en, kind,
service_area_keys (official keys or "Town/Quarter", separated by ";"), language_codes
(";"), location_name, address_1, postal_code, city, latitude, longitude, field_of_action
(";" slugs), target_group (";" slugs).

Every row is checked first and every problem is listed with its line. Nothing is written if
any row is bad, unless the bad rows are skipped on request; a dry run writes nothing at all.
Duplicates — the same organisation, title and place twice in the file, or an offer that
already exists under another key — are reported as bad rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ankommen.core.inputs import (
    InputRefused,
    check_complete,
    check_size,
    check_text,
    csv_refusal,
    csv_rows,
)
from ankommen.core.models import FieldOfAction, Language, Organisation, TargetGroup
from ankommen.directory.demo import AreaIndex
from ankommen.directory.models import Offer, OfferTranslation, Place
from ankommen.directory.search import document_for, fold
from ankommen.directory.signals import documents_rebuilt_later

REQUIRED_COLUMNS = {"organization_key", "name", "service_area_keys"}
# A district's directory holds about 2,000 offers; a larger file is a mistake or an attack
# and would hold the database for minutes.
MAX_ROWS = 5000


@dataclass
class RowProblem:
    line: int
    messages: list[str]


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    skipped: int = 0
    written: bool = False

    def lines(self) -> list[str]:
        return [
            _("line %(line)d: %(messages)s") % {"line": p.line, "messages": "; ".join(p.messages)}
            for p in self.problems
        ]


@dataclass
class CheckedRow:
    line: int
    values: dict


def import_offers_csv(region, text: str, *, dry_run=False, skip_bad_rows=False) -> ImportReport:
    """Raises InputRefused (with the line) for a file that is no complete CSV text: NUL
    characters, a cut-off last line, a field over csv's limit, more than MAX_ROWS rows."""
    report = ImportReport()
    check_size(text)
    check_text(text)
    check_complete(text)
    if text.count("\n") > MAX_ROWS + 1:
        # Counted before any row is checked: checking costs a query per row.
        raise InputRefused(
            _("The file has more than %(limit)s offers; split it into smaller files.")
            % {"limit": MAX_ROWS},
            line=MAX_ROWS + 2,
        )
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        raise csv_refusal(error, 1) from None
    missing = REQUIRED_COLUMNS - set(fieldnames or [])
    if missing:
        report.problems.append(
            RowProblem(
                1, [_("missing columns: %(columns)s") % {"columns": ", ".join(sorted(missing))}]
            )
        )
        return report
    context = _Context(region)
    good: list[CheckedRow] = []
    seen: dict[tuple, int] = {}
    for row in csv_rows(reader):
        line = reader.line_num
        report.rows += 1
        if report.rows > MAX_ROWS:
            raise InputRefused(
                _("The file has more than %(limit)s offers; split it into smaller files.")
                % {"limit": MAX_ROWS},
                line=line,
            )
        if None in row or None in row.values():
            # DictReader files surplus fields under None and fills missing ones with None.
            found = (
                len(row) - 1 + len(row[None])
                if None in row
                else sum(value is not None for value in row.values())
            )
            report.problems.append(
                RowProblem(
                    line,
                    [
                        _("expected %(expected)s fields separated by “,”, found %(found)s")
                        % {"expected": len(fieldnames), "found": found}
                    ],
                )
            )
            continue
        messages, values = context.check(row)
        if not messages:
            identity = (values["organisation"].pk, fold(values["name"]), fold(values["place_key"]))
            if identity in seen:
                messages.append(_("duplicate of line %(line)d") % {"line": seen[identity]})
            else:
                seen[identity] = line
                existing = context.existing(values)
                if existing:
                    messages.append(
                        _("duplicate of the existing offer “%(key)s”") % {"key": existing}
                    )
        if messages:
            report.problems.append(RowProblem(line, messages))
        else:
            good.append(CheckedRow(line, values))
    if dry_run or (report.problems and not skip_bad_rows):
        return report
    report.skipped = len(report.problems)
    # The search documents are rebuilt once per offer by _write(), not after every save.
    with transaction.atomic(), documents_rebuilt_later():
        for row in good:
            created = _write(region, context, row.values)
            report.created += created
            report.updated += not created
    report.written = True
    return report


class _Context:
    def __init__(self, region):
        self.region = region
        self.areas = AreaIndex(region)
        self.organisations = {o.key: o for o in Organisation.objects.filter(region=region)}
        self.languages = {lang.code: lang for lang in Language.objects.all()}
        self.fields = {f.slug: f for f in FieldOfAction.objects.filter(region=region)}
        self.targets = {t.slug: t for t in TargetGroup.objects.filter(region=region)}

    def check(self, row: dict) -> tuple[list[str], dict]:
        messages: list[str] = []
        get = lambda name: (row.get(name) or "").strip()  # noqa: E731
        split = lambda name: [v.strip() for v in get(name).split(";") if v.strip()]  # noqa: E731
        values: dict = {"name": get("name"), "description": get("description")}
        if not values["name"]:
            messages.append(_("the title (name) is missing"))
        organisation = self.organisations.get(get("organization_key"))
        if organisation is None:
            messages.append(_("unknown organisation “%(key)s”") % {"key": get("organization_key")})
        values["organisation"] = organisation
        kind = get("kind") or Offer.Kind.COUNSELLING
        if kind not in Offer.Kind.values:
            messages.append(_("unknown kind “%(kind)s”") % {"kind": kind})
        values["kind"] = kind
        areas = []
        for reference in split("service_area_keys"):
            area = self.areas.get(reference)
            if area is None:
                messages.append(_("unknown town key “%(key)s”") % {"key": reference})
            areas.append(area)
        if not split("service_area_keys"):
            messages.append(_("no town or area given (service_area_keys)"))
        values["areas"] = areas
        codes = split("language_codes") or ["de"]
        for code in codes:
            if code not in self.languages:
                messages.append(_("unknown language “%(code)s”") % {"code": code})
        values["languages"] = [self.languages.get(c) for c in codes]
        for name, table, label in (
            ("field_of_action", self.fields, _("field of action")),
            ("target_group", self.targets, _("target group")),
        ):
            unknown = [s for s in split(name) if s not in table]
            if unknown:
                messages.append(
                    _("unknown %(what)s: %(values)s")
                    % {"what": label, "values": ", ".join(unknown)}
                )
            values[name] = [table[s] for s in split(name) if s in table]
        coordinates = []
        for name, limit in (("latitude", 90), ("longitude", 180)):
            raw = get(name)
            if not raw:
                coordinates.append(None)
                continue
            try:
                number = Decimal(raw.replace(",", "."))
            except InvalidOperation:
                messages.append(_("%(field)s is not a number") % {"field": name})
                coordinates.append(None)
                continue
            if not -limit <= number <= limit:
                messages.append(
                    _("%(field)s %(value)s is out of range (±%(limit)d)")
                    % {"field": name, "value": raw, "limit": limit}
                )
            coordinates.append(number.quantize(Decimal("0.00001")))
        values["coordinates"] = coordinates
        values["place_name"] = get("location_name") or get("address_1")
        values["address"] = (get("address_1"), get("postal_code"), get("city"))
        values["place_key"] = slugify(f"{values['place_name']} {get('city')}")[:80]
        values["key"] = get("key") or slugify(f"{get('organization_key')} {values['name']}")[:80]
        values["en"] = (get("name_en"), get("description_en"))
        return messages, values

    def existing(self, values) -> str | None:
        same = OfferTranslation.objects.filter(
            offer__region=self.region,
            offer__organisation=values["organisation"],
            language__code="de",
            title__iexact=values["name"],
        ).exclude(offer__key=values["key"])
        if values["place_key"]:
            same = same.filter(offer__places__key=values["place_key"])
        return same.values_list("offer__key", flat=True).first()


def _write(region, context: _Context, values) -> bool:
    offer, created = Offer.objects.get_or_create(
        region=region,
        key=values["key"],
        defaults={
            "organisation": values["organisation"],
            "maintainer": values["organisation"],
            "kind": values["kind"],
        },
    )
    if not created:
        offer.organisation = values["organisation"]
        offer.kind = values["kind"]
        offer.save_checked(expected_version=offer.version)
    de = context.languages["de"]
    OfferTranslation.objects.update_or_create(
        offer=offer,
        language=de,
        defaults={"title": values["name"], "description": values["description"]},
    )
    if values["en"][0] and "en" in context.languages:
        OfferTranslation.objects.update_or_create(
            offer=offer,
            language=context.languages["en"],
            defaults={"title": values["en"][0], "description": values["en"][1]},
        )
    offer.areas.set(values["areas"])
    offer.languages.set(values["languages"])
    offer.fields_of_action.set(values["field_of_action"])
    offer.target_groups.set(values["target_group"])
    if values["place_name"]:
        street, postal_code, city = values["address"]
        latitude, longitude = values["coordinates"]
        place, _created = Place.objects.update_or_create(
            region=region,
            key=values["place_key"],
            defaults={
                "name": values["place_name"],
                "street": street,
                "postal_code": postal_code,
                "city": city,
                "area": values["areas"][0],
                "latitude": latitude,
                "longitude": longitude,
            },
        )
        offer.places.set([place])
    offer.search_document = document_for(offer)
    Offer.objects.filter(pk=offer.pk).update(search_document=offer.search_document)
    return created
