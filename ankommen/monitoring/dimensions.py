"""The dimensions every installation knows, with the codes GENESIS uses, and how the
labels of classic tables (which carry no codes) are turned into them."""

from __future__ import annotations

import re

from django.utils.text import slugify

from ankommen.monitoring.models import Dimension, DimensionMember

# (code, German name, English name, kind, aliases, [(code, name, English name, aliases)])
STANDARD_DIMENSIONS = [
    (
        "GES",
        "Geschlecht",
        "Sex",
        Dimension.Kind.SEX,
        [],
        [
            ("GESM", "männlich", "male", ["Männer"]),
            ("GESW", "weiblich", "female", ["Frauen"]),
        ],
    ),
    (
        "NAT",
        "Nationalität",
        "Nationality",
        Dimension.Kind.NATIONALITY,
        [],
        [
            ("NATD", "deutsch", "German", ["Deutsche"]),
            (
                "NATA",
                "ausländisch",
                "foreign",
                ["Ausländer(innen)", "Ausländer", "Ausländer*innen", "Ausländerinnen"],
            ),
        ],
    ),
    (
        "ALTX20",
        "Altersgruppen",
        "Age groups",
        Dimension.Kind.AGE_GROUP,
        ["Altersgruppen (21)", "Altersgruppe"],
        [
            ("ALT000B03", "unter 3 Jahre", "under 3 years", []),
            ("ALT003B06", "3 bis unter 6 Jahre", "3 to under 6 years", []),
            ("ALT006B10", "6 bis unter 10 Jahre", "6 to under 10 years", []),
            ("ALT010B15", "10 bis unter 15 Jahre", "10 to under 15 years", []),
            ("ALT015B18", "15 bis unter 18 Jahre", "15 to under 18 years", []),
            ("ALT018B20", "18 bis unter 20 Jahre", "18 to under 20 years", []),
            ("ALT020B25", "20 bis unter 25 Jahre", "20 to under 25 years", []),
            ("ALT025B30", "25 bis unter 30 Jahre", "25 to under 30 years", []),
            ("ALT030B35", "30 bis unter 35 Jahre", "30 to under 35 years", []),
            ("ALT035B40", "35 bis unter 40 Jahre", "35 to under 40 years", []),
            ("ALT040B45", "40 bis unter 45 Jahre", "40 to under 45 years", []),
            ("ALT045B50", "45 bis unter 50 Jahre", "45 to under 50 years", []),
            ("ALT050B55", "50 bis unter 55 Jahre", "50 to under 55 years", []),
            ("ALT055B60", "55 bis unter 60 Jahre", "55 to under 60 years", []),
            ("ALT060B65", "60 bis unter 65 Jahre", "60 to under 65 years", []),
            ("ALT065B75", "65 bis unter 75 Jahre", "65 to under 75 years", []),
            ("ALT075UM", "75 Jahre und mehr", "75 years and over", []),
        ],
    ),
    (
        "STAAG",
        "Staatsangehörigkeit",
        "Citizenship",
        Dimension.Kind.NATIONALITY,
        ["Staatsangehörigkeiten"],
        # Codes after the Destatis key of citizenships (ST + three digits).
        [
            ("ST154", "Rumänien", "Romania", ["rumänisch"]),
            ("ST152", "Polen", "Poland", ["polnisch"]),
            ("ST163", "Türkei", "Türkiye", ["türkisch"]),
            ("ST166", "Ukraine", "Ukraine", ["ukrainisch"]),
            ("ST475", "Syrien", "Syria", ["syrisch", "Syrien, Arabische Republik"]),
            ("ST125", "Bulgarien", "Bulgaria", ["bulgarisch"]),
            ("ST144", "Nordmazedonien", "North Macedonia", ["nordmazedonisch"]),
            ("ST423", "Afghanistan", "Afghanistan", ["afghanisch"]),
            ("ST438", "Irak", "Iraq", ["irakisch"]),
            ("ST137", "Italien", "Italy", ["italienisch"]),
            ("ST134", "Griechenland", "Greece", ["griechisch"]),
        ],
    ),
]

_UNSAFE = re.compile(r"[^A-Z0-9-]+")


def code_from_label(label: str) -> str:
    """A stable code for a category known only by its label: "unter 3 Jahre" → UNTER-3-JAHRE."""
    return _UNSAFE.sub("-", slugify(label.replace("ß", "ss")).upper()).strip("-")[:60] or "X"


def ensure_standard_dimensions() -> None:
    """Creates the standard dimensions and categories that are missing; leaves edits alone."""
    wanted = {code for code, *_rest in STANDARD_DIMENSIONS}
    if Dimension.objects.filter(code__in=wanted).count() == len(wanted):
        return
    for code, name, english, kind, aliases, members in STANDARD_DIMENSIONS:
        dimension, _created = Dimension.objects.get_or_create(
            code=code,
            defaults={"name": name, "names": {"en": english}, "kind": kind, "aliases": aliases},
        )
        for position, (member_code, member_name, member_english, member_aliases) in enumerate(
            members
        ):
            DimensionMember.objects.get_or_create(
                dimension=dimension,
                code=member_code,
                defaults={
                    "name": member_name,
                    "names": {"en": member_english},
                    "aliases": member_aliases,
                    "sort_order": position,
                },
            )


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


class DimensionResolver:
    """Turns the dimensions of parsed records into codes, creating what a file names that
    is not known yet. Holds everything in memory for the length of one import."""

    def __init__(self) -> None:
        ensure_standard_dimensions()
        self.dimensions = {d.code: d for d in Dimension.objects.all()}
        self.dimension_by_label = {}
        for dimension in self.dimensions.values():
            for label in [dimension.name, *dimension.names.values(), *dimension.aliases]:
                self.dimension_by_label.setdefault(_norm(label), dimension)
        self.members: dict[tuple[str, str], DimensionMember] = {}
        self.member_by_label: dict[tuple[str, str], DimensionMember] = {}
        self.dimensions_of_label: dict[str, set[str]] = {}
        for member in DimensionMember.objects.select_related("dimension"):
            self._remember(member)

    def _remember(self, member: DimensionMember) -> None:
        code = member.dimension.code
        self.members[(code, member.code)] = member
        for label in [member.name, *member.names.values(), *member.aliases]:
            self.member_by_label.setdefault((code, _norm(label)), member)
            self.dimensions_of_label.setdefault(_norm(label), set()).add(code)

    def by_codes(self, code: str, member: str, labels: tuple[str, str]) -> str:
        """Makes sure a coded dimension and category exist (named as the file names them)."""
        dimension = self.dimensions.get(code)
        if dimension is None:
            dimension = Dimension.objects.create(code=code, name=labels[0] or code)
            self.dimensions[code] = dimension
        if (code, member) not in self.members:
            created = DimensionMember.objects.create(
                dimension=dimension, code=member, name=labels[1] or member
            )
            created.dimension = dimension
            self._remember(created)
        return member

    def dimension_named(self, label: str) -> Dimension:
        dimension = self.dimension_by_label.get(_norm(label))
        if dimension is None:
            code = code_from_label(label)
            dimension = self.dimensions.get(code) or Dimension.objects.create(code=code, name=label)
            self.dimensions[code] = dimension
            self.dimension_by_label[_norm(label)] = dimension
        return dimension

    def member_named(self, dimension: Dimension, label: str) -> str:
        member = self.member_by_label.get((dimension.code, _norm(label)))
        if member is None:
            member, _created = DimensionMember.objects.get_or_create(
                dimension=dimension, code=code_from_label(label), defaults={"name": label}
            )
            member.dimension = dimension
            self._remember(member)
        return member.code

    def dimensions_for_label(self, label: str) -> set[str]:
        """The dimensions that have a category of this label (to recognise an unnamed one)."""
        return self.dimensions_of_label.get(_norm(label), set())
