"""Accessibility checks with axe-core (the build bundled by axe-playwright-python)."""

from __future__ import annotations

import json
from importlib.resources import files

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_script() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, *, impacts: set[str] = BLOCKING_IMPACTS) -> list[dict]:
    """Runs axe-core on the page in the browser and returns the WCAG 2.1 A/AA violations of
    the given impacts, each with the selectors of the failing nodes."""
    # Evaluated through the DevTools protocol, so the page's strict CSP stays in force.
    page.evaluate(axe_script())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_AA_TAGS,
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def describe(violations: list[dict]) -> str:
    return json.dumps(violations, indent=2, ensure_ascii=False)
