"""One way into every module's staff pages (`core.routing.staff_view`), asked the same four
questions from every module: the anonymous visitor goes to the login page, a KI coordinator
of another region is refused with 404, the right person gets the page, and a case page
first asks for the second factor."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ankommen.twofactor import mark_verified

# One staff page per module, below /<region>/intern/, and who works there.
PAGES = {
    "actionplan": ("aktionsplan/", "ki_coordinator"),
    "portal": ("portal/", "ki_coordinator"),
    "mediation": ("sprachmittlung/", "ki_coordinator"),
    "directory": ("angebote/pruefen/", "ki_coordinator"),
    "cases": ("faelle/", "case_manager"),
    "accounts": ("", "volunteer"),
}
STAFF_PAGES = [pytest.param(*page, id=module) for module, page in PAGES.items()]

# Staff-side pages that are not entered through staff_view, and why.
OTHER_ENTRIES = {
    # The second-factor pages themselves: signed in, a case role, but no second factor yet.
    "ankommen.twofactor.staff_views.verify",
    "ankommen.twofactor.staff_views.enrol",
    # The mediator's answer to an offer: the signed link in her e-mail is the key.
    "ankommen.mediation.staff_views.offer_page",
}


def _url(cast, page: str) -> str:
    return f"/{cast.region.slug}/intern/{page}"


def _signed_in_with_second_factor(client_for, user):
    client = client_for(user)
    session = client.session
    mark_verified(session, user)
    session.save()
    return client


@pytest.mark.parametrize(("page", "person"), STAFF_PAGES)
def test_anonymous_visitor_is_sent_to_the_login_page_and_back(cast, client_for, page, person):
    url = _url(cast, page)
    response = client_for(None).get(url)
    target = urlparse(response.url)
    assert (response.status_code, target.path, parse_qs(target.query)["next"]) == (
        302,
        resolve_url("accounts:sign_in"),
        [url],
    )


@pytest.mark.parametrize(("page", "person"), STAFF_PAGES)
def test_coordinator_of_another_region_is_refused_with_404(cast, client_for, page, person):
    client = _signed_in_with_second_factor(client_for, cast.other_coordinator)
    assert client.get(_url(cast, page)).status_code == 404


@pytest.mark.parametrize(("page", "person"), STAFF_PAGES)
def test_unknown_region_answers_404(cast, client_for, page, person):
    client = _signed_in_with_second_factor(client_for, getattr(cast, person))
    assert client.get(f"/kreis-nirgendwo/intern/{page}").status_code == 404


@pytest.mark.parametrize(("page", "person"), STAFF_PAGES)
def test_the_person_who_works_there_gets_the_page(cast, client_for, page, person):
    client = _signed_in_with_second_factor(client_for, getattr(cast, person))
    assert client.get(_url(cast, page)).status_code == 200


def test_case_page_without_second_factor_sends_to_the_second_factor_page(cast, client_for):
    url = _url(cast, "faelle/")
    response = client_for(cast.case_manager).get(url)
    two_factor = reverse("twofactor:verify", kwargs={"region": cast.region.slug})
    assert response.url == f"{two_factor}?next={url}"


@pytest.mark.parametrize(("page", "person"), [p for p in STAFF_PAGES if p.id != "cases"])
def test_other_modules_ask_for_no_second_factor(cast, client_for, page, person):
    assert client_for(getattr(cast, person)).get(_url(cast, page)).status_code == 200


def test_installation_admin_gets_no_case_page(cast, client_for):
    """Admins administer, they do not counsel: Django's superuser shortcut does not open
    the case pages (staff_view asks the rules, not the user's permission backends)."""
    client = _signed_in_with_second_factor(client_for, cast.admin)
    assert client.get(_url(cast, "faelle/")).status_code == 404


def _staff_patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _staff_patterns(entry, route)
        elif isinstance(entry, URLPattern) and route.startswith("<slug:region>/intern/"):
            yield route, entry.callback


def _name(view) -> str:
    return f"{view.__module__}.{view.__name__}"


def test_every_staff_page_is_entered_through_staff_view():
    others = [
        route
        for route, view in _staff_patterns()
        if not hasattr(view, "staff_permission") and _name(view) not in OTHER_ENTRIES
    ]
    assert others == []


def test_every_case_page_asks_for_the_second_factor():
    without = [
        route
        for route, view in _staff_patterns()
        if route.startswith("<slug:region>/intern/faelle/")
        and _name(view) not in OTHER_ENTRIES
        and not getattr(view, "needs_two_factor", False)
    ]
    assert without == []
