"""A standards-compliant OpenID Connect provider for the sign-on tests: django-oauth-toolkit
with OIDC enabled, in a tiny Django project of its own, run as a separate process on
127.0.0.1 (`python -m ankommen.devtools.testing.oidc_provider.serve`, started by
`start_provider()`). Nothing of ankommen runs in it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from ankommen.devtools.testing.smtp import free_port

CLIENT_ID = "ankommen-test"
CLIENT_SECRET = "ankommen-test-client-secret"  # noqa: S105 (a test provider's)
PASSWORD = "provider-password"  # noqa: S105


@dataclass
class Provider:
    url: str
    process: subprocess.Popen
    workdir: Path

    @property
    def settings(self) -> dict:
        """The OIDC_* settings that point ankommen at this provider."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/o/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/o/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/o/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/o/.well-known/jwks.json",
            "OIDC_RP_SIGN_ALGO": "RS256",
        }

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_provider(redirect_uri: str, users: dict[str, list[str]]) -> Provider:
    """Starts the provider with a client for `redirect_uri` and the users (username →
    groups, password PASSWORD); returns once it answers."""
    workdir = Path(tempfile.mkdtemp(prefix="ankommen-oidc-"))
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "ankommen.devtools.testing.oidc_provider.settings",
        "OIDC_PROVIDER_DIR": str(workdir),
        "OIDC_PROVIDER_REDIRECT_URI": redirect_uri,
        "OIDC_PROVIDER_USERS": ";".join(f"{u}={','.join(g)}" for u, g in users.items()),
    }
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "ankommen.devtools.testing.oidc_provider.serve", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "provider.log").open("wb"),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((workdir / "provider.log").read_text()[-3000:])
        try:
            if requests.get(f"{url}/o/.well-known/jwks.json", timeout=2).ok:
                return Provider(url=url, process=process, workdir=workdir)
        except requests.ConnectionError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the OIDC provider did not start in time")
