"""A school's pages on a phone and in the form (issue 18): its list as labelled cards,
a page at a time, and a request form that asks the date first and names a dialect."""

import pytest
from django.urls import reverse
from django.utils import translation

from ankommen.mediation.forms import MediationRequestForm
from ankommen.mediation.models import MediationRequest
from ankommen.mediation.staff_views import REQUESTS_PER_PAGE
from ankommen.mediation.tests.factories import MediationRequestFactory

pytestmark = pytest.mark.django_db


def index(cast):
    return reverse("mediation:index", kwargs={"region": cast.region.slug})


def test_every_cell_of_the_request_list_names_its_column(cast, pool, client_for):
    MediationRequestFactory(region=cast.region, organisation=pool.school, language=pool.bulgarian)
    page = client_for(pool.teacher).get(index(cast)).content.decode()
    row = page[page.index("<tbody>") : page.index("</tbody>")]
    assert row.count("<td") == row.count('<td data-label="') == 5


def test_the_list_shows_a_page_of_requests_at_a_time(cast, pool, client_for):
    MediationRequestFactory.create_batch(
        REQUESTS_PER_PAGE + 1, region=cast.region, organisation=pool.school
    )
    client = client_for(pool.teacher)
    first = client.get(index(cast))
    second = client.get(index(cast), {"page": 2})
    assert (len(first.context["requests"]), len(second.context["requests"])) == (
        REQUESTS_PER_PAGE,
        1,
    )


def test_the_second_page_holds_only_the_schools_own_requests(cast, pool, client_for):
    MediationRequestFactory.create_batch(
        REQUESTS_PER_PAGE, region=cast.region, organisation=pool.school
    )
    other = MediationRequestFactory(region=cast.region, organisation=pool.other_school)
    response = client_for(pool.teacher).get(index(cast), {"page": 2})
    assert other not in list(response.context["requests"])
    assert MediationRequest.objects.count() == REQUESTS_PER_PAGE + 1


def _form(cast, pool):
    return MediationRequestForm(
        region=cast.region,
        user=pool.teacher,
        organisations=type(pool.school).objects.filter(pk=pool.school.pk),
        may_override=False,
    )


def test_the_request_form_asks_date_and_time_first(cast, pool):
    assert list(_form(cast, pool).fields)[:2] == ["date", "time"]


def test_the_cost_centre_comes_after_the_appointment(cast, pool):
    fields = list(_form(cast, pool).fields)
    assert fields.index("cost_centre") > fields.index("topic")


def test_the_variety_is_called_a_dialect_in_german(cast, pool):
    with translation.override("de"):
        assert str(_form(cast, pool).fields["variety"].label) == "Dialekt oder Varietät"
