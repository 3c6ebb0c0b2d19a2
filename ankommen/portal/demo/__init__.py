"""The Kreis Gütersloh demo portal: the page tree, the legal pages (imprint, privacy and
accessibility statement), their texts in eleven languages and the glossary, loaded
idempotently (a second run writes nothing)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ankommen.core.content_version import raise_versions
from ankommen.core.models import Area, Language, Region
from ankommen.directory.models import Event, Offer, Place
from ankommen.portal.models import (
    SOURCE_LANGUAGE,
    GlossaryEntry,
    Page,
    PageKind,
    PageRevision,
    PageService,
    PageTranslation,
    sanitise,
)

DEMO_DIR = Path(__file__).parent / "kreis_guetersloh"
REGION_SLUG = "kreis-guetersloh"


def _read(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def load_demo_pages(*, stdout, region: Region | None = None, directory: Path = DEMO_DIR) -> None:
    region = region or Region.objects.filter(slug=REGION_SLUG).first()
    if region is None:
        stdout.write("portal: no Kreis Gütersloh region, skipped")
        return
    structure = _read(directory / "pages.toml")["page"]
    pages: dict[str, Page] = {}
    for position, entry in enumerate(structure):
        parent = pages.get(entry.get("parent", "")) if entry.get("parent") else None
        values = {
            "parent": parent,
            "position": position * 10,
            "status": Page.Status.PUBLISHED,
            "on_flyer": bool(entry.get("on_flyer", False)),
            "icon": entry.get("icon", ""),
            "kind": entry.get("kind", PageKind.PAGE),
        }
        page = Page.objects.filter(region=region, slug=entry["slug"]).first()
        if page is None:
            page = Page(region=region, slug=entry["slug"], **values)
            page.full_clean()
            page.save()
            stdout.write(f"portal: page {page.slug} created")
        pages[page.slug] = page
    languages = {lang.code: lang for lang in region.languages.all()}
    order = [SOURCE_LANGUAGE, *sorted(code for code in languages if code != SOURCE_LANGUAGE)]
    existing = set(
        PageTranslation.objects.filter(page__region=region).values_list(
            "page__slug", "language__code"
        )
    )
    for code in order:
        path = directory / f"{code}.toml"
        if not path.exists():
            continue
        new = []
        for slug, text in _read(path).items():
            page = pages.get(slug)
            if page is None or (slug, code) in existing:
                continue  # editors may have changed it; the demo never overwrites
            body = text.get("body", "").replace("{portal}", f"/{region.slug}/{code}")
            new.append(
                PageTranslation(
                    page=page,
                    language=languages[code],
                    title=text["title"],
                    summary=text.get("summary", ""),
                    body=sanitise(body),
                    source_version=page.source_version,
                )
            )
        if new:
            PageTranslation.objects.bulk_create(new)
            PageRevision.objects.bulk_create(
                PageRevision(
                    translation=t,
                    number=t.version,
                    title=t.title,
                    summary=t.summary,
                    body=t.body,
                    source_version=t.source_version,
                )
                for t in new
            )
            stdout.write(f"portal: {len(new)} page texts in {code} created")
    _give_pages_to_organisations(region, structure, pages)
    _load_glossary(region, directory / "glossary.toml", stdout)
    _load_services(region, pages, directory / "services.toml", stdout)
    raise_versions(region.pk)  # bulk_create() sends no signals


def _give_pages_to_organisations(region: Region, structure: list, pages: dict) -> None:
    """The pages an organisation writes (`organisation = "<key>"` in pages.toml): its
    editors keep them."""
    organisations = {o.key: o for o in region.organisations.all()}
    for entry in structure:
        page = pages[entry["slug"]]
        key = entry.get("organisation")
        if key and page.organisation_id is None and key in organisations:
            Page.objects.filter(pk=page.pk).update(organisation=organisations[key])


def revise_german_texts(*, stdout, directory: Path = DEMO_DIR) -> None:
    """The demo's story (issue 17): the German text of some pages (`german_revised` in
    pages.toml) was revised after they were translated, so their translations wait on the
    translation board. Once: a page whose German text is past version 1 is left alone."""
    region = Region.objects.filter(slug=REGION_SLUG).first()
    if region is None:
        return
    slugs = [e["slug"] for e in _read(directory / "pages.toml")["page"] if e.get("german_revised")]
    revised = 0
    for page in Page.objects.filter(region=region, slug__in=slugs, source_version=1):
        Page.objects.filter(pk=page.pk).update(source_version=2, source_changed_at=timezone.now())
        PageTranslation.objects.filter(page=page, language__code=SOURCE_LANGUAGE).update(
            source_version=2
        )
        revised += 1
    if revised:
        stdout.write(f"portal: German text of {revised} pages revised after translation")
        raise_versions(region.pk)


class GlossaryFileError(ValueError):
    pass


def _load_glossary(region: Region, path: Path, stdout) -> None:
    """`[[term]]` entries: `term`, `audience` ("newcomers", the default, or
    "professionals") and per language `<code> = [full form, explanation]`. An entry that
    exists is left as it is (editors may have changed it)."""
    created = 0
    for entry in _read(path).get("term", []):
        audience = entry.get("audience", GlossaryEntry.Audience.NEWCOMERS)
        if audience not in GlossaryEntry.Audience.values:
            raise GlossaryFileError(
                f"{path.name}: term “{entry.get('term')}”: unknown audience “{audience}” "
                f"(one of: {', '.join(GlossaryEntry.Audience.values)})"
            )
        texts = {k: v for k, v in entry.items() if k not in ("term", "audience")}
        _item, was_created = GlossaryEntry.objects.get_or_create(
            region=region,
            term=entry["term"],
            defaults={
                "audience": audience,
                "expansion": {k: v[0] for k, v in texts.items()},
                "explanation": {k: v[1] for k, v in texts.items()},
            },
        )
        created += was_created
    if created:
        stdout.write(f"portal: {created} glossary entries created")


def _load_services(region: Region, pages: dict[str, Page], path: Path, stdout) -> None:
    """The demo's services on pages, matched on page, kind, target and town: an entry
    that exists is left as it is (editors may have changed its heading). An entry whose
    page, town or directory record the region lacks (a region loaded without the directory
    demo) is skipped."""
    if not path.exists():
        return
    towns = {a.official_key: a for a in Area.objects.filter(region=region).exclude(official_key="")}
    tables = {
        "offer": {o.key: o for o in Offer.objects.filter(region=region)},
        "place": {p.key: p for p in Place.objects.filter(region=region)},
        "event": {e.key: e for e in Event.objects.filter(region=region)},
    }
    created = 0
    for position, entry in enumerate(_read(path).get("service", [])):
        kind = entry["kind"]
        page = pages.get(entry["page"])
        town = towns.get(entry["town"]) if entry.get("town") else None
        if page is None or (entry.get("town") and town is None):
            continue
        match = {"page": page, "kind": kind, "town": town}
        if kind in tables:
            target = tables[kind].get(entry[kind])
            if target is None:
                continue
            match[kind] = target
        elif kind == PageService.Kind.FILTER:
            match["filter_query"] = entry["filter"]
        else:
            match["contact_name"] = entry["contact_name"]
        if PageService.objects.filter(**match).exists():
            continue
        service = PageService(
            **match,
            position=position * 10,
            heading=entry.get("heading", ""),
            headings=entry.get("headings", {}),
            phone=entry.get("phone", ""),
            appointment_url=entry.get("appointment_url", ""),
            is_demo=True,
        )
        service.full_clean()
        service.save()
        created += 1
    if created:
        stdout.write(f"portal: {created} services on pages created")


__all__ = ["Language", "load_demo_pages"]
