"""Every place that turns text into markup without escaping says why it may: a
`# safe: …` comment on the line of a mark_safe()/SafeString() call, a `{# safe: … #}` next
to a template's |safe, |safeseq or {% autoescape off %}. A new one without a reason fails
here, so a reviewer sees it before a visitor does."""

import re
from pathlib import Path

import ankommen

ROOT = Path(ankommen.__file__).parent
PYTHON = re.compile(r"\b(mark_safe|SafeString)\(")
TEMPLATE = re.compile(r"\|\s*safe(seq)?\b|{%\s*autoescape\s+off\s*%}")
PYTHON_REASON = re.compile(r"#\s*safe:\s*\S")
TEMPLATE_REASON = re.compile(r"{#\s*safe:\s*\S.*?#}")


def unjustified(text: str, *, template: bool) -> list[int]:
    """The numbers of the lines that produce unescaped markup without a reason."""
    found, reason = (TEMPLATE, TEMPLATE_REASON) if template else (PYTHON, PYTHON_REASON)
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if found.search(line) and not reason.search(line)
    ]


def _sources():
    for path in sorted(ROOT.rglob("*")):
        if "tests" in path.relative_to(ROOT).parts or not path.is_file():
            continue
        if path.suffix == ".py":
            yield path, False
        elif path.suffix in (".html", ".txt", ".xml", ".svg"):
            yield path, True


def test_every_unescaped_output_in_the_code_gives_its_reason():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path, template in _sources()
        for line in unjustified(path.read_text(encoding="utf-8"), template=template)
    ]
    assert offenders == []


def test_the_scanner_finds_a_safe_filter_without_a_reason():
    assert unjustified("<p>{{ offer.title|safe }}</p>\n<p>{{ x }}</p>", template=True) == [1]


def test_the_scanner_accepts_a_safe_filter_with_a_reason():
    text = "{{ body|safe }}{# safe: cleaned by nh3 on save #}"
    assert unjustified(text, template=True) == []


def test_the_scanner_finds_mark_safe_without_a_reason():
    assert unjustified("x = 1\nreturn mark_safe(text)  # noqa: S308\n", template=False) == [2]
