"""Indicators, their values per area and reference date, and where each value came from.

An Indicator belongs to a region (the tenant that maintains it); its values may lie in the
region's own areas or in the comparison areas above it (OWL, NRW), which belong to no
region. A value is either a number or a quality mark that replaces the number (`-`, `.`,
`x`, `/`, `...`): a mark is never stored as 0. A value may be split by dimensions (sex,
nationality, age group, residence title …); the total over a dimension simply leaves it
out of the value's `dimension_key`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import (
    Area,
    FieldOfAction,
    Region,
    TranslatedNames,
    VersionedModel,
    slug_validator,
)
from ankommen.monitoring.figures import (
    Point,
    Quality,
    Unit,
    format_number,
)

# Callers import these from the models, where they lived before monitoring.figures.
from ankommen.monitoring.figures import dimension_key as dimension_key
from ankommen.monitoring.figures import period_label as period_label

DEFAULT_LICENCE = "Datenlizenz Deutschland – Namensnennung – Version 2.0"


class Dimension(TranslatedNames):
    """A way to split a series, with the code the statistical offices use (GES, NAT …)."""

    class Kind(models.TextChoices):
        SEX = "sex", _("sex")
        NATIONALITY = "nationality", _("nationality")
        AGE_GROUP = "age_group", _("age group")
        RESIDENCE_TITLE = "residence_title", _("residence title")
        TARGET_GROUP = "target_group", _("target group")
        OTHER = "other", _("other")

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    aliases = models.JSONField(
        _("other labels"),
        default=list,
        blank=True,
        help_text=_("Labels the classic GENESIS tables use for this dimension."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")


class DimensionMember(TranslatedNames):
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="members", verbose_name=_("dimension")
    )
    code = models.CharField(_("code"), max_length=60)
    aliases = models.JSONField(
        _("other labels"),
        default=list,
        blank=True,
        help_text=_("Labels the classic GENESIS tables use for this category."),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        ordering = ["dimension", "sort_order", "code"]
        verbose_name = _("dimension category")
        verbose_name_plural = _("dimension categories")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="dimensionmember_unique")
        ]


class IndicatorQuerySet(models.QuerySet):
    def published(self) -> IndicatorQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user) -> IndicatorQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(Q(is_published=True) | Q(region__in=scope.staff_region_ids))

    def editable_by(self, user) -> IndicatorQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(region__in=scope.coordinator_region_ids)


class Indicator(TranslatedNames, VersionedModel):
    class Kind(models.TextChoices):
        VALUES = "values", _("values as published or entered")
        SHARE = "share", _("share computed from two series")

    class Cadence(models.TextChoices):
        YEARLY = "yearly", _("yearly")
        HALF_YEARLY = "half_yearly", _("every half year")
        QUARTERLY = "quarterly", _("quarterly")
        MONTHLY = "monthly", _("monthly")
        IRREGULAR = "irregular", _("irregularly")
        ONCE = "once", _("once")

    # The name and the definition in other languages (the rule: ankommen.core.translation).
    TRANSLATED_FIELDS: ClassVar[dict[str, str]] = {"name": "names", "definition": "definitions"}

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("region")
    )
    slug = models.SlugField(_("slug"), max_length=80, validators=[slug_validator])
    definition = models.TextField(_("definition (German)"))
    definitions = models.JSONField(_("definition in other languages"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.VALUES)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField(
        _("decimal places shown"), default=0, help_text=_("Rounding for display only.")
    )
    numerator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("numerator series"),
    )
    numerator_split = models.CharField(
        _("numerator split"),
        max_length=200,
        blank=True,
        help_text=_("Dimension key of the numerator, for example NAT:NATA; empty for the total."),
    )
    denominator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("denominator series"),
    )
    denominator_split = models.CharField(_("denominator split"), max_length=200, blank=True)
    default_split = models.CharField(
        _("split shown first"),
        max_length=200,
        blank=True,
        help_text=_("Dimension key shown by default where there is no total, e.g. STAAG:ST154."),
    )
    source = models.CharField(_("source"), max_length=300)
    table_code = models.CharField(
        _("table code"),
        max_length=60,
        blank=True,
        help_text=_("As the statistical office names the table, for example 12411-01-01-4."),
    )
    variable_code = models.CharField(
        _("value variable code"),
        max_length=40,
        blank=True,
        help_text=_("GENESIS code of the measured variable (BEVSTD, ERW032 …); imports use it."),
    )
    variable_label = models.CharField(
        _("value variable label"),
        max_length=200,
        blank=True,
        help_text=_("The variable's label in classic GENESIS tables, which carry no code."),
    )
    licence = models.CharField(_("licence"), max_length=200, default=DEFAULT_LICENCE, blank=True)
    cadence = models.CharField(
        _("update cadence"), max_length=20, choices=Cadence.choices, default=Cadence.YEARLY
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("field of action"),
    )
    notes = models.TextField(_("notes (German)"), blank=True)
    lowest_level = models.CharField(
        _("lowest level available"),
        max_length=30,
        choices=Area.Kind.choices,
        blank=True,
        help_text=_("For example district for Mikrozensus figures, which towns do not have."),
    )
    rounded_to = models.PositiveSmallIntegerField(
        _("rounded to multiples of"),
        null=True,
        blank=True,
        help_text=_("Set when the source rounds, so parts need not add up to the total."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="indicator_slug_unique"),
            models.UniqueConstraint(
                fields=["region", "variable_code"],
                condition=~Q(variable_code=""),
                name="indicator_variable_unique",
            ),
        ]

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.kind == self.Kind.SHARE:
            for field in ("numerator", "denominator"):
                other = getattr(self, field)
                if other is None:
                    errors[field] = ValidationError(
                        _("A share needs a numerator and a denominator series."),
                        code="share_needs_series",
                    )
                elif other.region_id != self.region_id:
                    errors[field] = ValidationError(
                        _("The series belongs to another region."), code="other_region"
                    )
                elif other.pk is not None and other.pk == self.pk:
                    errors[field] = ValidationError(
                        _("A share cannot be computed from itself."), code="cycle"
                    )
            if self.unit != Unit.PERCENT:
                errors["unit"] = ValidationError(
                    _("A share is given in per cent."), code="share_in_percent"
                )
        if self.field_of_action_id and self.field_of_action.region_id != self.region_id:
            errors["field_of_action"] = ValidationError(
                _("The field of action belongs to another region."), code="other_region"
            )
        if errors:
            raise ValidationError(errors)

    def definition_in(self, language: str | None = None) -> str:
        return self.text_in("definition", language)

    @property
    def is_share(self) -> bool:
        return self.kind == self.Kind.SHARE

    def series(self, areas, split: str = "", dates=None) -> dict[int, list[Point]]:
        """{area id: [Point, …] by date} for the given areas and split (and dates, if
        given). For a share, values published as such come first; where none was, the
        share is computed from the numerator and denominator series."""
        area_ids = [a if isinstance(a, int) else a.pk for a in areas]
        stored = _points(self, area_ids, split, dates)
        if not self.is_share:
            return stored
        top = _points(self.numerator, area_ids, self.numerator_split, dates)
        bottom = _points(self.denominator, area_ids, self.denominator_split, dates)
        result: dict[int, list[Point]] = {}
        for area_id in area_ids:
            by_date = {p.date: p for p in stored.get(area_id, [])}
            denominators = {p.date: p for p in bottom.get(area_id, [])}
            for numerator in top.get(area_id, []):
                if numerator.date in by_date or numerator.date not in denominators:
                    continue
                by_date[numerator.date] = Point.share(numerator, denominators[numerator.date])
            if by_date:
                result[area_id] = [by_date[d] for d in sorted(by_date)]
        return result

    def latest_value(self, area: Area, split: str = "") -> Point | None:
        points = self.series([area], split).get(area.pk, [])
        return points[-1] if points else None

    def available_for(self, area: Area) -> bool:
        """False where the figure does not exist at the area's level (Mikrozensus in towns)."""
        return self.available_at_level(area.kind)

    def available_at_level(self, kind: str) -> bool:
        if not self.lowest_level:
            return True
        order = [kind for kind, _label in Area.Kind.choices]
        return order.index(kind) <= order.index(self.lowest_level)

    def splits(self) -> list[str]:
        """The dimension keys this indicator has values for, total first. A share is
        computed for its numerator's split only, which it shows as its total."""
        keys = set(distinct_splits(self.pk))
        if self.is_share:
            keys.add("")
        return sorted(keys, key=lambda k: (k.count("|") if k else -1, k))

    def format(self, number: Decimal | None) -> str:
        return format_number(number, self.decimals, self.unit)


def distinct_splits(indicator_id: int) -> list[str]:
    """The distinct dimension keys of one indicator's values, read as a loose index scan
    (one index probe per key), which stays fast with a million values."""
    table = Value._meta.db_table
    query = f"""
        WITH RECURSIVE keys(k) AS (
            SELECT MIN(dimension_key) FROM {table} WHERE indicator_id = %s
            UNION ALL
            SELECT (SELECT MIN(dimension_key) FROM {table}
                    WHERE indicator_id = %s AND dimension_key > keys.k)
            FROM keys WHERE keys.k IS NOT NULL
        )
        SELECT k FROM keys WHERE k IS NOT NULL
    """  # noqa: S608  (the table name is ours; the id is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(query, [indicator_id, indicator_id])
        return [row[0] for row in cursor.fetchall()]


def _points(indicator: Indicator | None, area_ids: list[int], split: str, dates=None) -> dict:
    if indicator is None:
        return {}
    rows = Value.objects.filter(indicator=indicator, area_id__in=area_ids, dimension_key=split)
    if dates is not None:
        rows = rows.filter(reference_date__in=dates)
    rows = rows.order_by("area_id", "reference_date").values_list(
        "area_id",
        "reference_date",
        "period_months",
        "value",
        "quality",
        "is_demo",
        "stand",
        "source_note",
        "import_run__file_name",
    )
    result: dict[int, list[Point]] = {}
    for area_id, date, months, value, quality, demo, stand, note, file_name in rows:
        result.setdefault(area_id, []).append(
            Point(date, months, value, quality, demo, stand, note or file_name or "")
        )
    return result


class ImportRun(models.Model):
    """One import of one file or web-service answer: the provenance of its values."""

    class Format(models.TextChoices):
        FFCSV = "ffcsv", _("GENESIS flat file CSV")
        FFCSV_OLD = "ffcsv_old", _("GENESIS flat file CSV, older German header")
        CLASSIC = "classic", _("classic GENESIS table CSV")
        DEMO = "demo", _("demo data file")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="import_runs", verbose_name=_("region")
    )
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    table_code = models.CharField(_("table code"), max_length=60, blank=True)
    source_database = models.CharField(
        _("database"),
        max_length=40,
        blank=True,
        help_text=_("The GENESIS database it was fetched from, if fetched."),
    )
    stand = models.DateTimeField(_("as of (Stand)"), null=True, blank=True)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("values added"), default=0)
    updated_count = models.PositiveIntegerField(_("values changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("values unchanged"), default=0)
    skipped_count = models.PositiveIntegerField(_("rows skipped"), default=0)
    report = models.TextField(_("report"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else ""


class ValueQuerySet(models.QuerySet):
    def visible_to(self, user) -> ValueQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(indicator__is_published=True) | Q(indicator__region__in=scope.staff_region_ids)
        )

    def editable_by(self, user) -> ValueQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(indicator__region__in=scope.coordinator_region_ids)
            | Q(area__in=scope.officer_area_ids)
        )


class Value(VersionedModel):
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("indicator"),
        # The unique constraint and the split index both lead with the indicator, so a
        # separate index would only be one more to maintain for every imported row.
        db_index=False,
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    reference_date = models.DateField(
        _("reference date"), help_text=_("The Stichtag, or the last day of the period.")
    )
    period_months = models.PositiveSmallIntegerField(
        _("period in months"), default=0, help_text=_("0 for a Stichtag, 12 for a year.")
    )
    dimension_key = models.CharField(
        _("split"),
        max_length=300,
        blank=True,
        help_text=_("For example GES:GESW|NAT:NATA; empty for the total."),
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    quality = models.CharField(
        _("quality mark"), max_length=3, choices=Quality.choices, blank=True, default=""
    )
    status_flag = models.CharField(
        _("status"),
        max_length=1,
        blank=True,
        help_text=_("p provisional, r revised, s estimated, e final."),
    )
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("import"),
    )
    table_code = models.CharField(_("table code"), max_length=60, blank=True)
    stand = models.DateTimeField(_("as of (Stand)"), null=True, blank=True)
    source_note = models.CharField(
        _("source note"),
        max_length=300,
        blank=True,
        help_text=_("Where a value entered by hand comes from."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "area", "reference_date", "dimension_key"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "reference_date", "dimension_key"],
                name="value_unique_per_date_and_split",
            ),
            models.CheckConstraint(
                condition=(Q(value__isnull=True) & ~Q(quality=""))
                | (Q(value__isnull=False) & Q(quality="")),
                name="value_xor_quality_mark",
            ),
        ]
        indexes = [
            models.Index(
                fields=["indicator", "dimension_key", "reference_date"],
                name="value_by_split_and_date",
            )
        ]

    def __str__(self) -> str:
        shown = self.quality if self.value is None else self.value
        return f"{self.indicator.name} – {self.area.name} – {self.reference_date}: {shown}"

    @property
    def region_id(self) -> int:
        """The tenant, for the permission predicates: the indicator's region."""
        return self.indicator.region_id

    def clean(self) -> None:
        if (self.value is None) == (not self.quality):
            raise ValidationError(
                _("Give either a number or a quality mark such as “-” or “.”, not both."),
                code="value_or_mark",
            )


class ValueRevision(models.Model):
    """What a value was before a later import or edit changed it."""

    value_record = models.ForeignKey(
        Value, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("value")
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    quality = models.CharField(_("quality mark"), max_length=3, blank=True)
    stand = models.DateTimeField(_("as of (Stand)"), null=True, blank=True)
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import"),
    )
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_revisions",
        verbose_name=_("replaced by import"),
    )

    class Meta:
        ordering = ["value_record", "-replaced_at"]
        verbose_name = _("earlier value")
        verbose_name_plural = _("earlier values")

    def __str__(self) -> str:
        shown = self.quality if self.value is None else self.value
        return f"{shown} ({self.stand or self.replaced_at})"
