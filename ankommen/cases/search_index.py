"""Finding a client by name or date of birth without decrypting every row: a keyed blind
index.

Names and dates of birth stay encrypted (core/crypto.py). Beside them, each client has a
few `ClientSearchToken` rows: an HMAC-SHA256, with a key of its own
(`CASES_INDEX_KEY` / ANKOMMEN_CASES_INDEX_KEY, kept apart from the data and from the
case keys, like them), of every normalised name token ("müller-lüdenscheidt" →
"muller", "ludenscheidt") and of the date of birth. The database sees only digests: it can
tell that two clients share a name token, never which name. A search computes the digests
of what was typed and asks for clients holding all of them, through an index, so the case
list never decrypts rows to filter.

The digests are computed here (no database); `ClientSearchToken` (models/clients.py)
stores them (`refresh_for`) and finds clients by them (`matching`).

Whole tokens only (no prefixes: a prefix index would reveal much more about a name).
Rotation: set a new index key and run `ankommen rotate_case_keys`, which rewrites every
client and with it her tokens (`refresh_tokens`)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TOKEN = re.compile(r"[^\W\d_]{2,}")
# Letters NFKD does not decompose into a base letter and a mark.
FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"})


def configured_index_key() -> bytes:
    key = getattr(settings, "CASES_INDEX_KEY", "") or ""
    return key.encode() if isinstance(key, str) else key


def index_key() -> bytes:
    key = configured_index_key()
    if key:
        return key
    if not settings.DEBUG:
        raise ImproperlyConfigured(
            "ANKOMMEN_CASES_INDEX_KEY is not set: the search index of client names needs a "
            "key of its own, never one derived from SECRET_KEY outside DEBUG."
        )
    digest = hashlib.sha256(f"ankommen-cases-index:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


def normalise(text: str) -> list[str]:
    """The name tokens of `text`: case-folded, accents removed, split at anything that is
    not a letter; tokens of one letter are dropped."""
    folded = unicodedata.normalize("NFKD", (text or "").casefold().translate(FOLD))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return sorted(set(TOKEN.findall(plain)))


def digest(kind: str, value: str) -> str:
    return hmac.new(index_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def name_digests(*names: str) -> set[str]:
    return {digest("name", token) for name in names for token in normalise(name)}


def parse_date(text: str) -> dt.date | None:
    """A date as staff type it: 15.04.1990, 15.4.1990 or 1990-04-15."""
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def date_digest(value: dt.date | str) -> str | None:
    if isinstance(value, str):
        value = parse_date(value)
    return digest("dob", value.isoformat()) if value else None


def client_digests(client) -> set[str]:
    found = name_digests(client.first_name, client.last_name)
    born = date_digest(client.date_of_birth or "")
    if born:
        found.add(born)
    return found


def query_digests(query: str) -> set[str]:
    """The digests a search asks for: each word of the query as a name token, and each
    word that reads as a date as the date of birth."""
    found: set[str] = set()
    for word in query.split():
        born = date_digest(word)
        if born:
            found.add(born)
        else:
            found |= name_digests(word)
    return found
