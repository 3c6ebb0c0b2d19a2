"""Re-encrypts every encrypted value with the newest key (the first of
CASES_ENCRYPTION_KEYS / ANKOMMEN_CASES_KEYS). Afterwards the old keys can be removed.

Saving each client also rebuilds her entries of the name search index with the current
ANKOMMEN_CASES_INDEX_KEY (search_index.py), so the same run rotates the index key: set the
new index key, run this command, and searches find clients again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from ankommen.cases import models
from ankommen.core.crypto import EncryptedTextField, fernet
from ankommen.twofactor.models import TOTPDevice


class Command(BaseCommand):
    help = "Re-encrypt case data with the newest encryption key."

    def handle(self, *args, **options):
        multi = fernet()
        for model in (
            models.Client,
            models.Assessment,
            models.Goal,
            models.Step,
            models.Note,
            models.Transfer,
            models.Referral,
            models.Conference,
            TOTPDevice,
        ):
            fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            count = 0
            with transaction.atomic():
                for obj in model.objects.all().iterator():
                    # Reading decrypts with any key; saving encrypts with the newest one.
                    obj.save(update_fields=fields)
                    count += 1
            self.stdout.write(f"{model.__name__}: {count} re-encrypted")
            if model is models.Client:
                self.stdout.write(f"ClientSearchToken: rebuilt for {count} clients")
        count = 0
        with transaction.atomic():
            for document in models.Document.objects.all().iterator():
                document.content = multi.rotate(bytes(document.content))
                document.save(update_fields=["content"])
                count += 1
        self.stdout.write(f"Document: {count} re-encrypted")
        count = 0
        with transaction.atomic():
            for scan in models.ConsentScan.objects.all().iterator():
                scan.content = multi.rotate(bytes(scan.content))
                scan.save(update_fields=["content"])
                count += 1
        self.stdout.write(f"ConsentScan: {count} re-encrypted")
        # The history is append-only; its own method rewrites only the encrypted values.
        count = models.FieldChange.objects.all().reencrypt()
        self.stdout.write(f"FieldChange: {count} re-encrypted")
