import pytest


@pytest.fixture(autouse=True)
def _english(settings):
    """The pages answer in English, the language of the message ids the tests look for."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
