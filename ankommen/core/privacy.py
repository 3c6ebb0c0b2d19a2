"""Free text that leaves a circle of confidence must not name the person it is about.

Case workers and schools write short texts that others read: a structural problem's
description reaches the KI, a mediation request's topic reaches volunteers before one has
accepted. Those texts are checked here against the values that identify the person (her
names, her address) before they are stored; the caller also asks the writer to confirm
that the text names nobody else, which no program can check.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Shorter values ("Li", a house number) match too many ordinary words to be refused.
MIN_LENGTH = 3


def _fold(text: str) -> str:
    """Lower case without accents, ß as ss: "Özdemir" and "ozdemir" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ß", "ss")


def personal_data_in(text: str, values: Iterable[str | None]) -> list[str]:
    """The values (as given) that appear in `text` as whole words, ignoring case and accents.

    A value of several words ("Am Bahnhof 3") matches when its words follow each other, with
    any white space or punctuation between them.
    """
    folded = _fold(text or "")
    found: list[str] = []
    for value in values:
        words = re.findall(r"\w+", _fold(value or ""))
        if not words or sum(len(word) for word in words) < MIN_LENGTH:
            continue
        pattern = r"(?<!\w)" + r"\W+".join(re.escape(word) for word in words) + r"(?!\w)"
        if re.search(pattern, folded) and value not in found:
            found.append(value)  # type: ignore[arg-type]
    return found


def refuse_personal_data(text: str, values: Iterable[str | None]) -> None:
    """Raise a ValidationError (code `names_person`) when `text` contains one of `values`."""
    found = personal_data_in(text, values)
    if found:
        raise ValidationError(
            _(
                "Remove the person's name or address from this text (found: %(found)s). "
                "Others read it; use initials or a neutral description."
            ),
            code="names_person",
            params={"found": ", ".join(found)},
        )
