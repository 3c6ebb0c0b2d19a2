"""Liveness and readiness: /healthz/live asks nothing, /healthz/ready asks the database,
the migrations, each cache and every module's readiness_checks() hook."""

import pytest
from django.apps import apps

from ankommen.core.health import NotReady


def test_liveness_answers_without_the_database(client):
    # No `db` fixture: pytest-django would fail any query.
    assert client.get("/healthz/live").json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_answers_200_when_everything_answers(client):
    assert client.get("/healthz/ready").status_code == 200


@pytest.mark.django_db
def test_readiness_names_each_check_with_its_status(client):
    checks = client.get("/healthz/ready").json()["checks"]
    assert {checks[name]["status"] for name in ("database", "migrations", "cache:default")} == {
        "ok"
    }


@pytest.mark.django_db
def test_readiness_fails_with_503_when_a_cache_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "a-file-not-a-directory"
    blocker.write_text("", encoding="utf-8")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(blocker / "cache"),
        },
    }
    response = client.get("/healthz/ready")
    assert (response.status_code, response.json()["checks"]["cache:pages"]["status"]) == (
        503,
        "fail",
    )


@pytest.mark.django_db
def test_readiness_names_only_the_kind_of_an_unexpected_failure(client, monkeypatch):
    def broker_refuses():
        raise ConnectionRefusedError("redis://:secret-password@10.0.0.5:6379 refused")

    core = apps.get_app_config("core")
    monkeypatch.setattr(core, "readiness_checks", lambda: {"broker": broker_refuses}, raising=False)
    assert client.get("/healthz/ready").json()["checks"]["broker"] == {
        "status": "fail",
        "detail": "ConnectionRefusedError",
    }


@pytest.mark.django_db
def test_a_module_that_is_not_ready_makes_the_instance_not_ready(client, monkeypatch):
    def queue_full():
        raise NotReady("no worker seen for 10 minutes")

    core = apps.get_app_config("core")
    monkeypatch.setattr(core, "readiness_checks", lambda: {"task-queue": queue_full}, raising=False)
    response = client.get("/healthz/ready")
    assert (response.status_code, response.json()["checks"]["task-queue"]["detail"]) == (
        503,
        "no worker seen for 10 minutes",
    )


def test_readiness_takes_no_post(client):
    assert client.post("/healthz/ready").status_code == 405


@pytest.mark.django_db
def test_the_old_health_check_still_answers_ok(client):
    assert client.get("/healthz").content == b"ok"
