"""The region's published news (ankommen/crisis) in Integreat's shape of local news and
sent push notifications (`integreat_cms/api/v3/push_notifications.py`): one item per news
item in the asked language, or in German where it has no text in that language."""

from __future__ import annotations

from ankommen.api.v3.common import app_code, local
from ankommen.core.models import Language, Region
from ankommen.crisis.models import NewsItem


def news(region: Region, language: Language) -> list[dict]:
    items = (
        NewsItem.objects.published()
        .filter(region=region)
        .prefetch_related("translations__language")
        .order_by("-published_at", "-pk")
    )
    answer = []
    for item in items:
        text = item.text_in(language.code)
        if text is None:
            continue
        answer.append(
            {
                "id": item.pk,
                "title": text.title,
                "message": text.body,
                "timestamp": local(item.published_at),
                "last_updated": local(text.updated_at),
                "display_date": local(item.published_at),
                "channel": "news",
                "available_languages": {
                    app_code(row.language.code): {"id": item.pk}
                    for row in item.translations.all()
                    if row.language.code != language.code
                },
            }
        )
    return answer
