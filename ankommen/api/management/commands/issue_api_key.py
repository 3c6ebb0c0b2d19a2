from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ankommen.api.models import ApiClient


class Command(BaseCommand):
    help = (
        "Issues an API key for a partner of the v1 API and prints it once: only its SHA-256 "
        "digest is stored. The partner sends it as 'Authorization: Bearer <key>' or "
        "'X-API-Key: <key>' and gets its own rate limit."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Who the key is for, e.g. the partner's app.")
        parser.add_argument(
            "--per-minute",
            type=int,
            default=600,
            help="Requests per minute the key may make (default 600).",
        )
        parser.add_argument("--contact", default="", help="E-mail address of the partner.")

    @transaction.atomic
    def handle(self, *args, name: str, per_minute: int, contact: str, **options) -> None:
        if not name.strip():
            raise CommandError("Give the partner's name.")
        if per_minute < 1:
            raise CommandError("--per-minute must be at least 1.")
        client, key = ApiClient.issue(
            name=name.strip(), requests_per_minute=per_minute, contact=contact
        )
        self.stdout.write(
            f"Issued key {client.key_prefix}… for {client.name} "
            f"({client.requests_per_minute} requests per minute). "
            "It is shown only now; store it safely:"
        )
        self.stdout.write(key)
