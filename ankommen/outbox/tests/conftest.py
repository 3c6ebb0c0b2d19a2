import pytest

from ankommen.devtools.testing.smtp import LocalSMTPServer


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to; it is down
    until the test starts it."""
    server = LocalSMTPServer()
    server.configure(settings)
    yield server
    server.stop()
