from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ankommen.api import publishing
from ankommen.api.conf import publish_dir
from ankommen.core.content_version import raise_versions
from ankommen.core.models import Region


class Command(BaseCommand):
    help = (
        "Raises the content version of every region (or of the given ones), so that no "
        "cached page or API answer survives a bulk load, and, where ANKOMMEN_API_PUBLISH_DIR is "
        "set, rewrites the published answer files. One line per region."
    )

    def add_arguments(self, parser):
        parser.add_argument("regions", nargs="*", help="region slugs; all when none")

    def handle(self, *args, regions: list[str], **options):
        slugs = regions or list(Region.objects.order_by("slug").values_list("slug", flat=True))
        unknown = set(slugs) - set(
            Region.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        )
        if unknown:
            raise CommandError(f"unknown region: {', '.join(sorted(unknown))}")
        root = publish_dir()
        for slug in slugs:
            with transaction.atomic():
                raise_versions(Region.objects.get(slug=slug).pk)
            files = publishing.write_region(slug, force=True) if root else 0
            self.stdout.write(f"api: {slug} version raised, {files} files written")
        if root:
            publishing.write_installation(force=True)
            self.stdout.write(f"api: regions list written to {root}")
