"""Runs the test provider: a fresh database, an RSA key, the client and the users from the
environment (see __init__.py), then a WSGI server on 127.0.0.1:PORT until terminated."""

import os
import sys
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    port = int(sys.argv[1])
    data = Path(os.environ["OIDC_PROVIDER_DIR"])
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (data / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    from ankommen.devtools.testing.oidc_provider import CLIENT_ID, CLIENT_SECRET, PASSWORD

    call_command("migrate", verbosity=0)
    Application.objects.create(
        name="ankommen",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["OIDC_PROVIDER_REDIRECT_URI"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for entry in filter(None, os.environ.get("OIDC_PROVIDER_USERS", "").split(";")):
        username, groups = entry.split("=", 1)
        user = User.objects.create_user(
            username,
            email=f"{username}@kreis.test",
            password=PASSWORD,
            first_name=username.split(".")[0].title(),
            last_name="Directory",
        )
        for name in filter(None, groups.split(",")):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    server = make_server("127.0.0.1", port, get_wsgi_application(), handler_class=QuietHandler)
    server.serve_forever()


if __name__ == "__main__":
    main()
