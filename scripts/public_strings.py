"""Which interface strings a member of the public sees, and whether every public language
has them: the rule and the check behind `scripts/check-catalogues.sh`.

THE RULE. A message id is public when it occurs in a public source (PUBLIC_SOURCES below):
a template a public page renders, a public view module, a public form, the choice labels
public pages show, the words of e-mails and error pages sent to the public. A source is
either a glob (every string in the matching files) or `file.py::Name` (the strings inside
one class or function of a module that also holds staff strings). Templates a public
template extends or includes are public too (followed automatically). A new public page:
put its template under templates/<app>/public/ (matched already) or add it here, with any
module whose strings it shows. A public string belongs to the catalogue of the app that
holds its source (`ankommen/<app>/locale`), or to the project catalogue (`ankommen/locale`)
for project-level files.

THE CHECK (`python scripts/public_strings.py check`). For each public language
(PUBLIC_LANGUAGES) and each catalogue that has public strings: every public string is in
the catalogue, translated (every plural form) and not fuzzy; English may leave msgstr empty
because the message ids are English. For every entry of every catalogue (public or not, any
language), the placeholders of the translation — %(name)s, %s/%d, {name} — are those of
the message id (plural forms may leave out a named placeholder, as in "one offer"). The
problems are printed per language; the exit status is 1 when there is any.

`python scripts/public_strings.py list` prints the public strings per catalogue;
`python scripts/public_strings.py apps` prints the apps with public strings (whose
catalogues `scripts/makemessages.sh` keeps in every public language).
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ankommen"

# Interface languages a member of the public gets, as catalogue directories
# (de-x-ls, Leichte Sprache, is `de_X-ls`, Django's to_locale("de-x-ls")). German, the
# first interface language, is checked for every string by check-catalogues.sh itself.
PUBLIC_LANGUAGES = ["en", "ar", "uk", "ru", "ro", "pl", "bg", "tr", "fa", "de_X-ls"]

# Files a glob below would match that only signed-in staff see (relative to ankommen/).
STAFF_ONLY = ["templates/staff_base.html"]

# Paths relative to ankommen/. Keep this list the one place that says what is public.
PUBLIC_SOURCES = [
    # project: the base template of every page, project-level error pages (404.html …)
    "templates/*.html",
    # any app's templates under templates/<app>/public/ (the convention for new public pages)
    "*/templates/*/public/**/*.html",
    # core: start pages, region resolution, 400 page, pagination
    "core/public_views.py",
    "core/routing.py",
    "core/middleware.py::bad_request",
    "core/templates/core/home.html",
    "core/templates/core/region.html",
    "core/templates/core/bad_request.html",
    "core/templates/core/pagination.html",
    # the kinds of area (a monitoring figure's lowest level)
    "core/models/places.py::Area.Kind",
    # api: the 429 page of the public searches
    "core/ratelimit.py",
    # api: the directory's offers as pages of the Integreat apps
    "api/v3/offer_pages.py",
    # networks: the bodies' kinds and levels on their public pages, the region link
    "networks/apps.py::NetworksConfig.region_links",
    "networks/models.py::Body.Kind",
    "networks/models.py::Body.Level",
    # portal: first orientation, search, kiosk, offline
    "portal/public_views.py",
    "portal/apps.py::PortalConfig.region_links",
    # the accessibility statement's feedback form (its labels, help text and errors)
    "portal/forms.py::AccessibilityFeedbackForm",
    "portal/templates/portal/*.html",
    "portal/templates/portal/sw.js",
    # crisis: the public news (templates under crisis/templates/crisis/public/ are matched)
    "crisis/public_views.py",
    "crisis/apps.py::CrisisConfig.region_links",
    # directory: offers, places, events, registration and its e-mail
    "directory/public_views.py",
    "directory/registrations.py",
    "directory/apps.py::DirectoryConfig.region_links",
    "directory/forms.py::DirectoryFilterForm",
    "directory/forms.py::RegistrationForm",
    "directory/forms.py::_area_label",
    "directory/models.py::Offer.Kind",
    "directory/models.py::Offer.Level",
    "directory/models.py::Offer.Cost",
    "directory/models.py::OfferTranslation.Provenance",
    "directory/models.py::Weekday",
    "directory/templates/directory/base.html",
    "directory/templates/directory/index.html",
    "directory/templates/directory/detail.html",
    "directory/templates/directory/print.html",
    "directory/templates/directory/events.html",
    "directory/templates/directory/confirm.html",
    "directory/templates/directory/cancel.html",
    "directory/templates/directory/event.html",
    "directory/event_views.py",
    "directory/event_lists.py",
    "directory/templates/directory/_offer_*.html",
    # directory: the maps' words (map.js shows them) and the place pages
    "directory/maps.py",
    "directory/templates/directory/place.html",
    # mediation: the public page on interpreters and Sprachlotsen
    "mediation/public_views.py",
    "mediation/apps.py::MediationConfig.region_links",
    "mediation/models/choices.py",
    "mediation/templates/mediation/public.html",
    "mediation/templates/mediation/_public_rule.html",
    # volunteering: the opportunities to volunteer, the answer form and its confirmation
    # (templates under volunteering/templates/volunteering/public/ are matched above)
    "volunteering/public_views.py",
    "volunteering/apps.py::VolunteeringConfig.region_links",
    "volunteering/forms.py::AnswerForm",
    "volunteering/forms.py::split_contact",
    "volunteering/models.py::Kind",
    # monitoring: dashboard, indicator, area profile, downloads, the yearly PDF
    # (public_views.py also holds the staff upload view; its few strings are translated too)
    "monitoring/public_views.py",
    "monitoring/apps.py::MonitoringConfig.region_links",
    "monitoring/figures.py",
    "monitoring/exports.py",
    "monitoring/report.py",
    "monitoring/templatetags/monitoring.py",
    "monitoring/models.py::Dimension.Kind",
    "monitoring/models.py::Indicator.Kind",
    "monitoring/models.py::Indicator.Cadence",
    "monitoring/templates/monitoring/_layout.html",
    "monitoring/templates/monitoring/dashboard.html",
    "monitoring/templates/monitoring/indicator.html",
    "monitoring/templates/monitoring/profile.html",
    # participation: consultations and their comment form, surveys, "Fehlt ein Angebot?"
    "participation/public_views.py",
    "participation/apps.py::ParticipationConfig.region_links",
    "participation/forms.py::CommentForm",
    "participation/forms.py::MissingOfferForm",
    "participation/forms.py::SurveyForm",
    # action plan: the public view of measures and their progress
    "actionplan/public_views.py",
    "actionplan/apps.py::ActionPlanConfig.region_links",
    "actionplan/forms.py::PlanFilterForm",
    "actionplan/models/base.py::Level",
    "actionplan/models/base.py::DeadlineClass",
    "actionplan/models/base.py::Status",
    "actionplan/models/base.py::Light",
    "actionplan/templates/actionplan/_filters.html",
    "actionplan/templates/actionplan/_light.html",
    "actionplan/templates/actionplan/_progress.html",
]

# What Django's makemessages gives xgettext (django/core/management/commands/makemessages.py).
XGETTEXT = [
    "xgettext",
    "--language=Python",
    "--from-code=UTF-8",
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
    "--output=-",
    "-",
]

Key = tuple[str | None, str]  # (msgctxt, msgid)


def catalogue_dir(path: Path) -> Path:
    """The locale directory a source file's strings go to."""
    relative = path.relative_to(PACKAGE)
    app = PACKAGE / relative.parts[0]
    if len(relative.parts) > 1 and (app / "apps.py").exists():
        return app / "locale"
    return PACKAGE / "locale"


def _xgettext(code: str) -> set[Key]:
    # xgettext from PATH, like Django's makemessages; the input is our own source code.
    result = subprocess.run(  # noqa: S603
        XGETTEXT, input=code, capture_output=True, text=True, check=True
    )
    if not result.stdout.strip():
        return set()
    return {(e.msgctxt, e.msgid) for e in polib.pofile(result.stdout) if e.msgid}


def _template_code(path: Path) -> str:
    from django.utils.translation.template import templatize

    return templatize(path.read_text(encoding="utf-8"), origin=str(path))


def _node_source(path: Path, dotted: str) -> str:
    source = path.read_text(encoding="utf-8")
    body: list[ast.stmt] = ast.parse(source).body
    node = None
    for name in dotted.split("."):
        node = next(
            (
                n
                for n in body
                if isinstance(n, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and n.name == name
            ),
            None,
        )
        if node is None:
            raise SystemExit(f"public_strings.py: {path}::{dotted} not found (fix PUBLIC_SOURCES)")
        body = node.body
    return ast.get_source_segment(source, node) or ""


_TEMPLATE_REFERENCE = re.compile(r"{%\s*(?:extends|include)\s+[\"']([^\"']+)[\"']")


def _template_path(name: str) -> Path | None:
    for candidate in [PACKAGE / "templates" / name, *PACKAGE.glob(f"*/templates/{name}")]:
        if candidate.exists():
            return candidate
    return None


def public_sources() -> list[tuple[Path, str | None]]:
    """(file, class or function name or None for the whole file), templates' bases and
    includes added."""
    sources: list[tuple[Path, str | None]] = []
    for pattern in PUBLIC_SOURCES:
        glob, _, name = pattern.partition("::")
        staff = {path for pattern in STAFF_ONLY for path in PACKAGE.glob(pattern)}
        matches = sorted(path for path in PACKAGE.glob(glob) if path not in staff)
        if not matches:
            raise SystemExit(f"public_strings.py: {glob} matches no file (fix PUBLIC_SOURCES)")
        sources += [(path, name or None) for path in matches]
    seen = {path for path, name in sources if name is None}
    queue = [path for path in seen if path.suffix in {".html", ".txt", ".js"}]
    while queue:
        text = queue.pop().read_text(encoding="utf-8")
        for reference in _TEMPLATE_REFERENCE.findall(text):
            path = _template_path(reference)
            if path is not None and path not in seen:
                seen.add(path)
                queue.append(path)
                sources.append((path, None))
    return sources


def public_strings() -> dict[Path, set[Key]]:
    """Public message keys by locale directory."""
    code: dict[Path, list[str]] = defaultdict(list)
    for path, name in public_sources():
        if path.suffix == ".py":
            text = _node_source(path, name) if name else path.read_text(encoding="utf-8")
        else:
            text = _template_code(path)
        code[catalogue_dir(path)].append(text)
    # One xgettext run per catalogue: Python's tokens do not care where a file begins.
    return {locale_dir: _xgettext("\n".join(texts)) for locale_dir, texts in code.items()}


# %(name)s, %s, %d, %.1f … (after %% is taken out) and {name} / {0} / {}.
_PERCENT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACE = re.compile(r"(?<!{){(\w*)(?:[!:][^{}]*)?}(?!})")


def placeholders(text: str, entry: polib.POEntry) -> tuple[list[str], list[str]]:
    """(named placeholders, positional placeholders) of a text, sorted."""
    named: list[str] = []
    positional: list[str] = []
    if "python-format" in entry.flags or _PERCENT.search(entry.msgid.replace("%%", "")):
        for match in _PERCENT.finditer(text.replace("%%", "")):
            if match.group("name") is not None:
                named.append(f"%({match.group('name')})")
            else:
                positional.append(match.group(0))
    for match in _BRACE.finditer(text.replace("{{", "").replace("}}", "")):
        (named if match.group(1) else positional).append("{" + match.group(1) + "}")
    return sorted(named), sorted(positional)


def placeholder_problems(entry: polib.POEntry) -> list[str]:
    if entry.obsolete or "fuzzy" in entry.flags:
        return []
    if entry.msgid_plural:
        source = placeholders(entry.msgid_plural, entry)
        singular = placeholders(entry.msgid, entry)
        forms = [text for _, text in sorted(entry.msgstr_plural.items()) if text]
        problems = []
        for text in forms:
            named, positional = placeholders(text, entry)
            if positional != source[1] or not set(named) <= set(source[0]) | set(singular[0]):
                problems.append(text)
        used = {name for text in forms for name in placeholders(text, entry)[0]}
        if forms and used != set(source[0]) | set(singular[0]):
            problems.append(" / ".join(forms))
        return problems
    if entry.msgstr and placeholders(entry.msgstr, entry) != placeholders(entry.msgid, entry):
        return [entry.msgstr]
    return []


def _translated(entry: polib.POEntry, language: str) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if language == "en":
        return True
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _label(key: Key) -> str:
    context, msgid = key
    short = msgid if len(msgid) <= 70 else msgid[:67] + "…"
    return f"{context}|{short!r}" if context else repr(short)


def check(languages: list[str], package: Path = PACKAGE) -> int:
    problems: dict[str, list[str]] = defaultdict(list)
    for locale_dir, keys in sorted(public_strings().items()):
        locale_dir = package / locale_dir.relative_to(PACKAGE)
        german = locale_dir / "de/LC_MESSAGES/django.po"
        if german.exists():
            known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(german))}
            for key in sorted(keys - known, key=str):
                problems["de"].append(f"{german}: public string not in the catalogue {_label(key)}")
        for language in languages:
            po_path = locale_dir / language / "LC_MESSAGES/django.po"
            if not po_path.exists():
                problems[language].append(f"{po_path}: missing ({len(keys)} public strings)")
                continue
            entries = {
                (e.msgctxt, e.msgid): e for e in polib.pofile(str(po_path)) if not e.obsolete
            }
            missing = [k for k in keys if k not in entries or not _translated(entries[k], language)]
            for key in sorted(missing, key=str):
                problems[language].append(f"{po_path}: untranslated {_label(key)}")
    for po_path in sorted(package.glob("**/locale/*/LC_MESSAGES/django.po")):
        language = po_path.parent.parent.name
        for entry in polib.pofile(str(po_path)):
            for text in placeholder_problems(entry):
                problems[language].append(
                    f"{po_path}: placeholders differ from {entry.msgid!r}: {text!r}"
                )
    status = 0
    for language in sorted(problems):
        lines = problems[language]
        print(f"{language}: {len(lines)} problem(s)", file=sys.stderr)
        for line in lines[:20]:
            print(f"  {line}", file=sys.stderr)
        if len(lines) > 20:
            print(f"  … and {len(lines) - 20} more", file=sys.stderr)
        status = 1
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "list", "apps"])
    parser.add_argument(
        "--package",
        type=Path,
        default=PACKAGE,
        help="check the catalogues of a copy of the package (the sources are read here)",
    )
    parser.add_argument("--language", action="append", help="check only these languages")
    args = parser.parse_args()
    if args.command == "check":
        return check(args.language or PUBLIC_LANGUAGES, args.package.resolve())
    strings = public_strings()
    if args.command == "apps":
        for locale_dir in sorted(strings):
            if locale_dir.parent != PACKAGE:
                print(locale_dir.parent.name)
        return 0
    total = 0
    for locale_dir, keys in sorted(strings.items()):
        print(f"# {locale_dir.relative_to(ROOT)}: {len(keys)}")
        for key in sorted(keys, key=str):
            print(_label(key))
        total += len(keys)
    print(f"# total: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
