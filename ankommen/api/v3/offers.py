"""The v3 offers."""

from __future__ import annotations

from django.db.models import Prefetch

from ankommen.api.conf import public_url
from ankommen.api.v3.common import text_in
from ankommen.core.models import Region
from ankommen.directory.models import Offer, OfferTranslation


def offers(region: Region) -> list[dict]:
    """Integreat's "offers" are the region's extra services; ours are the directory's
    published offers, each linking to its page in the region's default language."""
    base = public_url()
    code = region.default_language.code
    rows = (
        Offer.objects.public()
        .filter(region=region)
        .order_by("key")
        .prefetch_related(
            Prefetch("translations", queryset=OfferTranslation.objects.select_related("language"))
        )
    )
    items = []
    for offer in rows:
        text = text_in(list(offer.translations.all()), code)
        items.append(
            {
                "name": text.title if text else offer.key,
                "alias": offer.key,
                "url": offer.website or f"{base}/{region.slug}/{code}/angebote/{offer.key}/",
                "post": None,
                "thumbnail": f"{base}/static/ankommen/favicon.svg",
            }
        )
    return items
