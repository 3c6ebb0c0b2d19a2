from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ankommen.core.models import Language, Region
from ankommen.portal.models import Page, PageTranslation

LANGUAGES = ("de", "en", "ar")
# Paragraphs of realistic length for first-orientation pages (written for the benchmark).
PARAGRAPHS = {
    "de": (
        "Wer neu im Kreis ankommt, meldet sich innerhalb von zwei Wochen bei der "
        "Meldebehörde der Stadt oder Gemeinde an. Bringen Sie Ihren Pass und die "
        "Wohnungsgeberbestätigung mit; die Beratungsstellen helfen beim Ausfüllen."
    ),
    "en": (
        "Anyone newly arrived in the district registers with the registration office of "
        "their town within two weeks. Bring your passport and the landlord's confirmation; "
        "the counselling services help with the forms."
    ),
    "ar": (
        "من يصل حديثاً إلى المنطقة يسجل خلال أسبوعين لدى مكتب التسجيل في مدينته. أحضر جواز "
        "سفرك وتأكيد المؤجر؛ وتساعدك مراكز الاستشارة في ملء الاستمارات."
    ),
}


class Command(BaseCommand):
    help = (
        "Benchmark data, not demo content: gives one region a published page tree of N pages "
        "(10 top-level pages with their sub-pages) in German, English and Arabic, each about "
        "1.5 KB of text, so the read API's pages list has a realistic size. Pages it created "
        "before are kept; only the missing ones are added."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", default="synth-0001")
        parser.add_argument("--pages", type=int, default=100)

    @transaction.atomic
    def handle(self, *args, region: str, pages: int, **options):
        region_obj = Region.objects.filter(slug=region).first()
        if region_obj is None:
            raise CommandError(f"unknown region {region!r}: run generate_synthetic first")
        languages = {lang.code: lang for lang in Language.objects.filter(code__in=LANGUAGES)}
        region_obj.languages.add(*languages.values())
        existing = {p.slug: p for p in Page.objects.filter(region=region_obj)}
        top_level = max(1, pages // 10)
        created = 0
        for number in range(1, pages + 1):
            slug = f"bench-seite-{number:03d}"
            if slug in existing:
                continue
            parent = None
            if number > top_level:
                parent = existing[f"bench-seite-{(number - 1) % top_level + 1:03d}"]
            page = Page.objects.create(
                region=region_obj,
                slug=slug,
                parent=parent,
                position=number * 10,
                status=Page.Status.PUBLISHED,
            )
            existing[slug] = page
            for code, language in languages.items():
                PageTranslation.objects.create(
                    page=page,
                    language=language,
                    title=f"{PARAGRAPHS[code].split()[0]} {number}",
                    body="".join(f"<p>{PARAGRAPHS[code]}</p>" for _ in range(6)),
                )
            created += 1
        self.stdout.write(f"api: {region}: {created} pages created, {len(existing)} pages in all")
