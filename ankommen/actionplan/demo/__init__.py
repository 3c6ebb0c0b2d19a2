"""Loading an action plan from TOML files: the Kreis Gütersloh demo (chapter 6 of its
concept), or any region's plan in the same format (`ankommen load_action_plan DIR`).

Idempotent (records are looked up by their natural keys and only written when they differ)
and all-or-nothing: an error names the file and line, and nothing is written.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from ankommen.actionplan.models import (
    Challenge,
    EvidenceLink,
    PlanLink,
    ProgressReport,
    Recommendation,
    SteeringReport,
    SubStep,
    plan_snapshot,
)
from ankommen.core.demo import DEMO_REGION_SLUG
from ankommen.core.loader import DataFile, DataFileError, raise_invalid, upsert
from ankommen.core.models import Area, FieldOfAction, Organisation, Region, TargetGroup

DEMO_DIR = Path(__file__).parent / "kreis_guetersloh"


def load_demo_plan(*, stdout) -> None:
    region = Region.objects.filter(slug=DEMO_REGION_SLUG).first()
    if region is None:
        raise DataFileError(DEMO_DIR, None, "load the core demo region first")
    counts = load_plan(region, DEMO_DIR)
    stdout.write(
        f"actionplan: {counts['challenges']} challenges, {counts['recommendations']} "
        f"recommendations and KI measures, {counts['steps']} sub-steps, "
        f"{counts['reports']} progress reports for {region.name}"
    )


def load_plan(region: Region, directory: Path) -> dict[str, int]:
    planfile = DataFile.read(directory / "plan.toml")
    fieldfiles = [DataFile.read(path) for path in sorted((directory / "fields").glob("*.toml"))]
    with transaction.atomic():
        loader = _PlanLoader(region, planfile)
        loader.load_organisations()
        for datafile in fieldfiles:
            loader.load_field(datafile)
        loader.load_steering_reports()
    return loader.counts


class _PlanLoader:
    def __init__(self, region: Region, planfile: DataFile) -> None:
        self.region = region
        self.planfile = planfile
        adopted = planfile.data.get("adopted_on")
        if not isinstance(adopted, datetime.date):
            raise planfile.error("adopted_on must be a date such as 2025-03-01")
        self.adopted_on = adopted
        self.counts = {"challenges": 0, "recommendations": 0, "steps": 0, "reports": 0}
        self.organisations: dict[str, Organisation] = {}
        self.target_groups = {t.slug: t for t in TargetGroup.objects.filter(region=region)}
        self.areas = {a.official_key: a for a in region.areas.exclude(official_key="")}

    # --- Organisations ------------------------------------------------------------------

    def load_organisations(self) -> None:
        datafile = self.planfile
        existing = {o.key: o for o in self.region.organisations.all()}
        district = self.region.area()
        for entry in datafile.entries("organisation"):
            where = ("key", entry.get("key"))
            key = datafile.require(entry, "key", where=where)
            parent = None
            if entry.get("parent"):
                parent = existing.get(entry["parent"])
                if parent is None:
                    raise datafile.error(
                        f"unknown parent organisation “{entry['parent']}”", key="key", value=key
                    )
            try:
                organisation = upsert(
                    Organisation,
                    {"region": self.region, "key": key},
                    {
                        "name": datafile.require(entry, "name", where=where),
                        "short_name": entry.get("short_name", ""),
                        "kind": datafile.require(entry, "kind", where=where),
                        "parent": parent,
                        "description": entry.get("description_de", ""),
                        "is_demo": True,
                    },
                )
            except ValidationError as error:
                raise_invalid(datafile, error, where)
            if district and not organisation.areas.exists():
                organisation.areas.set([district])
            existing[key] = organisation
        self.organisations = existing

    def organisation(self, datafile: DataFile, key: str, where) -> Organisation:
        organisation = self.organisations.get(key)
        if organisation is None:
            raise datafile.error(f"unknown organisation “{key}”", key=where[0], value=where[1])
        return organisation

    # --- Fields ---------------------------------------------------------------------------

    def load_field(self, datafile: DataFile) -> None:
        slug = datafile.data.get("field")
        field = FieldOfAction.objects.filter(region=self.region, slug=slug).first()
        if field is None:
            raise datafile.error(f"unknown field of action “{slug}”", key="field", value=slug)
        for entry in datafile.entries("challenge"):
            where = ("rank", entry.get("rank"))
            rank = datafile.require(entry, "rank", where=where)
            challenge = self._save(
                datafile,
                where,
                Challenge,
                {"field": field, "rank": rank},
                {
                    "text": datafile.require(entry, "text", where=where),
                    "source": entry.get("source", ""),
                },
            )
            self.counts["challenges"] += 1
            for recommendation in _tables(datafile, entry, "recommendation", where):
                self.load_recommendation(datafile, field, challenge, recommendation)
        for entry in datafile.entries("measure"):
            self.load_recommendation(datafile, field, None, entry)

    def load_recommendation(self, datafile, field, challenge, entry) -> None:
        where = ("key", entry.get("key"))
        key = datafile.require(entry, "key", where=where)
        lead = entry.get("lead")
        deadline = entry.get("deadline")
        adopted_on = entry.get("adopted_on", self.adopted_on)
        for name, value in (("deadline", deadline), ("adopted_on", adopted_on)):
            if value is not None and not isinstance(value, datetime.date):
                raise datafile.error(f"{name} must be a date", key="key", value=key)
        recommendation = self._save(
            datafile,
            where,
            Recommendation,
            {"region": self.region, "key": key},
            {
                "field": field,
                "challenge": challenge,
                "kind": Recommendation.Kind.RECOMMENDATION
                if challenge
                else Recommendation.Kind.KI_MEASURE,
                "number": datafile.require(entry, "number", where=where),
                "title": datafile.require(entry, "title", where=where),
                "goal": entry.get("goal", ""),
                "level": entry.get("level", "district"),
                "lead_organisation": self.organisation(datafile, lead, where) if lead else None,
                "resources": entry.get("resources", ""),
                "deadline_class": entry.get("deadline_class", ""),
                "deadline": deadline,
                "adopted_on": adopted_on,
                "source": entry.get("source", ""),
            },
        )
        self.counts["recommendations"] += 1
        groups = entry.get("target_groups", [])
        unknown = [slug for slug in groups if slug not in self.target_groups]
        places = entry.get("areas", [])
        unknown += [code for code in places if code not in self.areas]
        if unknown:
            raise datafile.error(
                f"unknown target group(s) or area(s): {', '.join(unknown)}", key="key", value=key
            )
        _set_if_changed(recommendation.target_groups, [self.target_groups[s] for s in groups])
        _set_if_changed(recommendation.areas, [self.areas[c] for c in places])
        _set_if_changed(
            recommendation.stakeholders,
            [self.organisation(datafile, k, where) for k in entry.get("stakeholders", [])],
        )
        for position, link in enumerate(_tables(datafile, entry, "link", where)):
            self.load_link(datafile, recommendation, link, position, where)
        for number, step in enumerate(_tables(datafile, entry, "step", where), start=1):
            self.load_step(datafile, recommendation, step, number, where)
        for report in _tables(datafile, entry, "report", where):
            self.load_report(datafile, recommendation, None, report, where)
        recommendation.refresh_progress()

    def load_link(self, datafile, recommendation, entry, position, where) -> None:
        target = None
        if entry.get("organisation"):
            target = self.organisation(datafile, entry["organisation"], where)
        self._save(
            datafile,
            where,
            PlanLink,
            {
                "recommendation": recommendation,
                "label": datafile.require(entry, "label", where=where),
            },
            {
                "kind": datafile.require(entry, "kind", where=where),
                "url": entry.get("url", ""),
                "reference": entry.get("reference", ""),
                "content_type": ContentType.objects.get_for_model(Organisation) if target else None,
                "object_id": target.pk if target else None,
                "sort_order": position,
            },
        )

    def load_step(self, datafile, recommendation, entry, number, where) -> None:
        due = entry.get("due")
        if due is not None and not isinstance(due, datetime.date):
            raise datafile.error("due must be a date", key=where[0], value=where[1])
        organisation = entry.get("organisation")
        step = self._save(
            datafile,
            where,
            SubStep,
            {"recommendation": recommendation, "number": number},
            {
                "text": datafile.require(entry, "text", where=where),
                "responsible_organisation": self.organisation(datafile, organisation, where)
                if organisation
                else None,
                "responsible_person": entry.get("person", ""),
                "due_date": due,
                "status": entry.get("status", "planned"),
                "progress": _step_progress(entry),
                "weight": Decimal(str(entry.get("weight", 1))).quantize(Decimal("0.01")),
                "status_reason": entry.get("reason", ""),
            },
        )
        self.counts["steps"] += 1
        for report in _tables(datafile, entry, "report", where):
            self.load_report(datafile, recommendation, step, report, where)

    def load_report(self, datafile, recommendation, step, entry, where) -> None:
        reported_on = entry.get("on")
        if not isinstance(reported_on, datetime.date):
            raise datafile.error("a report needs a date in “on”", key=where[0], value=where[1])
        report = self._save(
            datafile,
            where,
            ProgressReport,
            {
                "recommendation": recommendation,
                "sub_step": step,
                "reported_on": reported_on,
            },
            {
                "text": datafile.require(entry, "text", where=where),
                "progress": entry.get("progress", 0),
                "status": entry.get("status", ""),
            },
        )
        for link in entry.get("links", []):
            EvidenceLink.objects.get_or_create(
                report=report, url=link.get("url", ""), defaults={"label": link.get("label", "")}
            )
        target = step or recommendation
        latest = max(reported_on, target.last_reported_on or reported_on)
        if target.last_reported_on != latest:
            type(target).objects.filter(pk=target.pk).update(last_reported_on=latest)
            target.last_reported_on = latest
        self.counts["reports"] += 1

    # --- Steering-group reports -----------------------------------------------------------

    def load_steering_reports(self) -> None:
        for entry in self.planfile.entries("steering_report"):
            report, created = SteeringReport.objects.get_or_create(
                region=self.region,
                year=entry["year"],
                quarter=entry["quarter"],
                defaults={
                    "presented_on": entry.get("presented_on"),
                    "note": entry.get("note", ""),
                },
            )
            if created:
                # The progress at the end of that quarter, as the reports up to then tell.
                report.snapshot = plan_snapshot(self.region, as_of=report.period.end)
                report.save(update_fields=["snapshot"])

    def _save(self, datafile, where, model, lookup, values):
        try:
            return upsert(model, lookup, values)
        except ValidationError as error:
            raise_invalid(datafile, error, where)


def _tables(datafile: DataFile, entry: dict[str, Any], name: str, where) -> list[dict]:
    tables = entry.get(name, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise datafile.error(f"[[….{name}]] must be a list of tables", key=where[0], value=where[1])
    return tables


def _step_progress(entry: dict[str, Any]) -> int:
    status = entry.get("status", "planned")
    if status == "done":
        return 100
    if status == "planned":
        return 0
    return int(entry.get("progress", 0))


def _set_if_changed(manager, objects) -> None:
    if {o.pk for o in manager.all()} != {o.pk for o in objects}:
        manager.set(objects)


__all__ = ["DEMO_DIR", "Area", "load_demo_plan", "load_plan"]
