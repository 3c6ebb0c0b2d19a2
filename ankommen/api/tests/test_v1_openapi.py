"""The OpenAPI document validates, and schemathesis finds no 5xx and no answer that
breaks it (bounded examples, fixed seed)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from openapi_spec_validator import validate

from ankommen.api.tests.v1_world import build_world
from ankommen.api.v1 import conf
from ankommen.wsgi import application


@pytest.fixture
def world(cast):
    return build_world(cast)


def test_openapi_document_validates(db):
    validate(Client().get("/api/v1/openapi.json").json())


def test_docs_page_lists_every_operation(db):
    document = Client().get("/api/v1/openapi.json").json()
    page = Client().get("/api/v1/docs/").content.decode()
    assert all(path in page for path in document["paths"])


@pytest.fixture
def v1_schema(world, settings):
    # Counted requests would end in 429 after a few examples; the limit has its own tests.
    settings.API_RATE_LIMIT_PER_MINUTE = 0
    settings.ALLOWED_HOSTS = ["*"]
    conf.cache().clear()
    # The real WSGI handler closes the database connection after each request, which would
    # end the test's transaction; Django's test client keeps it open the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_answers_within_its_schema(v1_schema):
    # schemathesis' own pytest plugin does not run on pytest 9 yet, so each operation's
    # strategy runs under hypothesis here: 20 examples each, derandomised (fixed seed).
    operations = [result.ok() for result in v1_schema.get_all_operations()]
    assert len(operations) == 15
    for operation in operations:

        @hypothesis_settings(
            max_examples=20,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate()

        check()
