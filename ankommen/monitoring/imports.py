"""Importing a statistics file into a region's indicators: all or nothing, idempotent.

The file is read completely and every row checked (indicator, unit, area, dimensions,
duplicates) before anything is written; the first problem stops the import and names its
line. Values that are already stored unchanged are left alone, so importing the same file
twice changes nothing and records no second import. A changed value keeps its earlier
figure as a ValueRevision.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.core.models import Area, Region
from ankommen.monitoring.dimensions import DimensionResolver
from ankommen.monitoring.models import (
    ImportRun,
    Indicator,
    Unit,
    Value,
    ValueRevision,
    dimension_key,
)
from ankommen.monitoring.permissions import importable_areas
from ankommen.monitoring.statfiles import (
    ParsedFile,
    Record,
    StatisticsFileError,
    parse_statistics_file,
)

_FLAT_NAME = re.compile(r"^(?P<code>.+?)(?:_\d{6,})?(?:_(?:de|en))?_flat\.csv$")
_CLASSIC_NAME = re.compile(r"^(?P<code>.+?)_00(?:_\w+)?\.csv$")
MAX_LISTED = 10


@dataclass
class ImportResult:
    run: ImportRun | None
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    messages: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def table_code_from_name(name: str) -> str:
    """12411-01-01-4_1773175772751_de_flat.csv → 12411-01-01-4 (the web service's naming)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    for pattern in (_FLAT_NAME, _CLASSIC_NAME):
        match = pattern.match(base)
        if match:
            return match.group("code")
    return ""


def import_statistics(
    *,
    region: Region,
    data: bytes,
    file_name: str,
    user=None,
    indicator: Indicator | None = None,
    skip_unknown_areas: bool = False,
    stand: datetime.datetime | None = None,
    source_database: str = "",
    dry_run: bool = False,
) -> ImportResult:
    """Reads `data` and stores its values in `region`'s indicators. `user` None is the
    command line, which may import for every area of the region and the comparison areas.
    Raises StatisticsFileError (with the line) and writes nothing on any problem."""
    with _collector_paused():
        return _import_file(
            region=region,
            data=data,
            file_name=file_name,
            user=user,
            indicator=indicator,
            skip_unknown_areas=skip_unknown_areas,
            stand=stand,
            source_database=source_database,
            dry_run=dry_run,
        )


@contextlib.contextmanager
def _collector_paused():
    """A million records are a million small objects without reference cycles; the cyclic
    garbage collector would walk them all again and again while they are created."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_file(
    *,
    region,
    data,
    file_name,
    user,
    indicator,
    skip_unknown_areas,
    stand,
    source_database,
    dry_run,
) -> ImportResult:
    parsed = parse_statistics_file(data, file_name)
    if stand is not None:
        parsed.stand = stand
    table_code = parsed.table_code or table_code_from_name(file_name)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        with transaction.atomic():
            result = _import(
                region=region,
                parsed=parsed,
                file_name=file_name,
                table_code=table_code,
                sha256=sha256,
                user=user,
                indicator=indicator,
                skip_unknown_areas=skip_unknown_areas,
                source_database=source_database,
            )
            if dry_run:
                raise _DryRun(result)
    except _DryRun as rollback:
        rollback.result.run = None
        return rollback.result
    return result


class _DryRun(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def _import(
    *,
    region,
    parsed: ParsedFile,
    file_name,
    table_code,
    sha256,
    user,
    indicator,
    skip_unknown_areas,
    source_database,
) -> ImportResult:
    records = parsed.records
    result = ImportResult(run=None, rows_read=len(records))
    indicators = _indicators_for(region, records, indicator)
    areas = _areas_for(region, records, user, skip_unknown_areas, result)
    keys = _dimension_keys(parsed)

    # The natural key of every value, checked for duplicates within the file.
    indicator_ids = {variable: indicator.pk for variable, indicator in indicators.items()}
    wanted: dict[tuple, tuple[Record, str]] = {}
    for record, split in zip(records, keys, strict=True):
        area = areas.get(record.area_key)
        if area is None:
            result.skipped += 1
            continue
        key = (
            indicator_ids[(record.variable_code, record.variable_label)],
            area,
            record.date,
            split,
        )
        if key in wanted:
            raise StatisticsFileError(
                record.line,
                _("The same value (area %(area)s, %(date)s) was given already in line %(first)s.")
                % {"area": record.area_key, "date": record.date, "first": wanted[key][0].line},
            )
        wanted[key] = (record, split)

    existing = _existing_values(set(k[0] for k in wanted), set(areas.values()))
    to_create: list[tuple] = []
    to_update: list[tuple[int, Record, tuple]] = []
    for key, (record, _split) in wanted.items():
        before = existing.get(key)
        if before is None:
            to_create.append((key, record))
            continue
        same = before[1] == record.value and before[2] == record.quality
        if same and before[3] == record.status_flag:
            result.unchanged += 1
        elif before[4] and parsed.stand and parsed.stand_aware() < before[4]:
            # An older edition of the table does not overwrite a newer figure.
            result.skipped += 1
        else:
            to_update.append((before[0], record, before))
    if not to_create and not to_update:
        result.messages.append(_("Nothing changed: every value is stored already."))
        return result

    run = ImportRun.objects.create(
        region=region,
        file_name=file_name.rsplit("/", 1)[-1][:255],
        sha256=sha256,
        format=parsed.format,
        table_code=table_code,
        source_database=source_database,
        stand=parsed.stand_aware(),
        created_by=user if user is not None and user.is_authenticated else None,
        rows_read=len(records),
        skipped_count=result.skipped,
        report="\n".join(result.messages),
    )
    result.run = run
    _create_values(to_create, run, table_code, parsed.stand_aware())
    _update_values(to_update, run, table_code, parsed.stand_aware())
    result.created, result.updated = len(to_create), len(to_update)
    ImportRun.objects.filter(pk=run.pk).update(
        created_count=result.created,
        updated_count=result.updated,
        unchanged_count=result.unchanged,
    )
    return result


def _indicators_for(region, records: list[Record], forced: Indicator | None) -> dict:
    """{(variable code, variable label): Indicator}, with the unit checked."""
    found: dict[tuple[str, str], Indicator] = {}
    by_code = {i.variable_code: i for i in region.indicators.exclude(variable_code="")}
    by_label = {
        i.variable_label.casefold(): i for i in region.indicators.exclude(variable_label="")
    }
    for record in records:
        key = (record.variable_code, record.variable_label)
        if key in found:
            continue
        indicator = forced or by_code.get(record.variable_code)
        if indicator is None and record.variable_label:
            indicator = by_label.get(record.variable_label.casefold())
        if indicator is None:
            raise StatisticsFileError(
                record.line,
                _(
                    "No indicator of %(region)s measures “%(code)s” (%(label)s). Give the "
                    "indicator to import into, or set its value variable code."
                )
                % {
                    "region": region.name,
                    "code": record.variable_code or "–",
                    "label": record.variable_label,
                },
            )
        if indicator.region_id != region.pk:
            raise StatisticsFileError(None, _("The indicator belongs to another region."))
        unit = Unit.from_source(record.unit)
        if unit is None:
            raise StatisticsFileError(
                record.line, _("The unit “%(unit)s” is not one I know.") % {"unit": record.unit}
            )
        if unit != indicator.unit:
            raise StatisticsFileError(
                record.line,
                _(
                    "The file gives the unit “%(unit)s”, but the indicator “%(indicator)s” is "
                    "measured in %(expected)s."
                )
                % {
                    "unit": record.unit,
                    "indicator": indicator.name,
                    "expected": Unit(indicator.unit).label,
                },
            )
        found[key] = indicator
    return found


def _areas_for(region, records, user, skip_unknown: bool, result: ImportResult) -> dict:
    """{official key: area id}. A key the region does not know is reported, never matched
    by its name; with `skip_unknown` its rows are left out and listed in the report."""
    keys = {}
    for record in records:
        keys.setdefault(record.area_key, record)
    known = dict(
        Area.objects.filter(official_key__in=keys)
        .filter(pk__in=importable_areas(user, region).values("pk"))
        .values_list("official_key", "pk")
    )
    unknown = [keys[key] for key in keys if key not in known]
    if not unknown:
        return known
    if user is not None:
        elsewhere = set(
            Area.objects.filter(official_key__in=[r.area_key for r in unknown]).values_list(
                "official_key", flat=True
            )
        )
        for record in unknown:
            if record.area_key in elsewhere:
                raise StatisticsFileError(
                    record.line,
                    _("You may not import values for the area %(key)s (%(label)s).")
                    % {"key": record.area_key, "label": record.area_label},
                )
    listed = "; ".join(
        _("line %(line)s: %(key)s %(label)s")
        % {"line": r.line, "key": r.area_key, "label": r.area_label}
        for r in unknown[:MAX_LISTED]
    )
    if len(unknown) > MAX_LISTED:
        listed += " …"
    if not skip_unknown:
        first = unknown[0]
        raise StatisticsFileError(
            first.line,
            _(
                "%(count)s area key(s) are not areas of %(region)s or its comparison areas: "
                "%(listed)s. Nothing was imported; import them with “skip unknown areas” to "
                "leave those rows out."
            )
            % {"count": len(unknown), "region": region.name, "listed": listed},
        )
    result.messages.append(
        _("Left out %(count)s unknown area key(s): %(listed)s")
        % {"count": len(unknown), "listed": listed}
    )
    return known


def _dimension_keys(parsed: ParsedFile) -> list[str]:
    resolver = DimensionResolver()
    if not parsed.dimensions_by_label:
        seen: set[tuple[str, str]] = set()
        for record in parsed.records:
            for pair in record.dimensions:
                if pair not in seen:
                    resolver.by_codes(
                        pair[0],
                        pair[1],
                        (
                            parsed.dimension_labels.get(pair[0], ""),
                            parsed.member_labels.get(pair, ""),
                        ),
                    )
                    seen.add(pair)
        # Records of one split share one tuple (see parse_ffcsv); the key is built once.
        joined: dict[tuple, str] = {}
        keys = []
        for record in parsed.records:
            key = joined.get(record.dimensions)
            if key is None:
                key = joined[record.dimensions] = "|".join(f"{c}:{m}" for c, m in record.dimensions)
            keys.append(key)
        return keys
    cache: dict[tuple, str] = {}
    keys = []
    for record in parsed.records:
        key = cache.get(record.dimensions)
        if key is None:
            split = {}
            for dimension_label, member_label in record.dimensions:
                if dimension_label:
                    dimension = resolver.dimension_named(dimension_label)
                else:
                    candidates = resolver.dimensions_for_label(member_label)
                    if len(candidates) != 1:
                        raise StatisticsFileError(
                            record.line,
                            _(
                                "The category “%(label)s” has no dimension heading, and it "
                                "belongs to %(count)s known dimensions, not exactly one."
                            )
                            % {"label": member_label, "count": len(candidates)},
                        )
                    dimension = resolver.dimensions[next(iter(candidates))]
                if dimension.code in split:
                    raise StatisticsFileError(
                        record.line,
                        _("The dimension “%(dimension)s” appears twice in one column.")
                        % {"dimension": dimension.name},
                    )
                split[dimension.code] = resolver.member_named(dimension, member_label)
            key = cache[record.dimensions] = dimension_key(split)
        keys.append(key)
    return keys


def _existing_values(indicator_ids: set[int], area_ids: set[int]) -> dict:
    """{natural key: (pk, value, quality, flag, stand, import run)} of what is stored; read
    with a plain cursor, which is several times faster than the ORM for a million rows."""
    if not indicator_ids or not area_ids:
        return {}
    query, params = (
        Value.objects.filter(indicator__in=indicator_ids, area__in=area_ids)
        .values_list(
            "indicator_id",
            "area_id",
            "reference_date",
            "dimension_key",
            "pk",
            "value",
            "quality",
            "status_flag",
            "stand",
            "import_run_id",
        )
        .order_by()
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return {
            (ind, area, date, split): (pk, value, quality, flag, stand, run)
            for ind, area, date, split, pk, value, quality, flag, stand, run in cursor.fetchall()
        }


_COLUMNS = (
    "indicator_id",
    "area_id",
    "reference_date",
    "period_months",
    "dimension_key",
    "value",
    "quality",
    "status_flag",
    "import_run_id",
    "table_code",
    "stand",
    "source_note",
    "is_demo",
    "updated_at",
    "version",
)


def _create_values(items, run: ImportRun, table_code: str, stand) -> None:
    now = timezone.now()
    if connection.vendor == "postgresql":
        _copy_values(items, run, table_code, stand, now)
        return
    Value.objects.bulk_create(
        (
            Value(
                indicator_id=key[0],
                area_id=key[1],
                reference_date=record.date,
                period_months=record.period_months,
                dimension_key=key[3],
                value=record.value,
                quality=record.quality,
                status_flag=record.status_flag,
                import_run_id=run.pk,
                table_code=table_code,
                stand=stand,
                source_note="",
                is_demo=False,
                updated_at=now,
                version=1,
            )
            for key, record in items
        ),
        batch_size=2000,
    )


def _copy_values(items, run: ImportRun, table_code: str, stand, now) -> None:
    """COPY is what makes a million rows fit into seconds; the ORM is ten times slower.
    The lines are written in COPY's text format by hand: the columns that are the same for
    the whole import are one prepared tail, and the few distinct dates and split keys are
    formatted once each, so a row costs one f-string."""
    table = Value._meta.db_table
    tail = "\t".join(_copy_field(field) for field in (run.pk, table_code, stand, "", False, now, 1))
    dates: dict[datetime.date, str] = {}
    splits: dict[str, str] = {}
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy,
    ):
        chunk: list[str] = []
        for (indicator_id, area_id, date, split), record in items:
            day = dates.get(date)
            if day is None:
                day = dates[date] = date.isoformat()
            key = splits.get(split)
            if key is None:
                key = splits[split] = _copy_field(split)
            value = record.value
            if value is None:
                value = "\\N"
            # Quality marks and status flags come from fixed sets without tabs or
            # backslashes (statfiles.QUALITY_MARKS, STATUS_FLAGS): no escaping needed.
            chunk.append(
                f"{indicator_id}\t{area_id}\t{day}\t{record.period_months}\t{key}\t"
                f"{value}\t{record.quality}\t"
                f"{record.status_flag}\t{tail}\n"
            )
            if len(chunk) == 20000:
                copy.write("".join(chunk))
                chunk = []
        if chunk:
            copy.write("".join(chunk))


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value) -> str:
    """One field in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _update_values(items, run: ImportRun, table_code: str, stand) -> None:
    if not items:
        return
    records = {pk: record for pk, record, _before in items}
    ValueRevision.objects.bulk_create(
        [
            ValueRevision(
                value_record_id=pk,
                value=before[1],
                quality=before[2],
                stand=before[4],
                import_run_id=before[5],
                replaced_by=run,
            )
            for pk, _record, before in items
        ],
        batch_size=2000,
    )
    values = list(Value.objects.filter(pk__in=records))
    now = timezone.now()
    for value in values:
        record = records[value.pk]
        value.value = record.value
        value.quality = record.quality
        value.status_flag = record.status_flag
        value.import_run = run
        value.table_code = table_code
        value.stand = stand
        value.updated_at = now
        value.version += 1
    Value.objects.bulk_update(
        values,
        [
            "value",
            "quality",
            "status_flag",
            "import_run",
            "table_code",
            "stand",
            "updated_at",
            "version",
        ],
        batch_size=2000,
    )
