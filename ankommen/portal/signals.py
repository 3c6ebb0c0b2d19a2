"""Every change to what the public portal shows raises the region's content version, which
makes its cached pages stale (cache.py). Changes made with QuerySet.update() or
bulk_create() send no signals; the code that makes them calls bump_content_version()
itself (reordering, the demo loader)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from ankommen.core.models import Area, Language, Region
from ankommen.portal.cache import bump_content_version
from ankommen.portal.models import GlossaryEntry, Page, PageTranslation


@receiver([post_save, post_delete], sender=Page)
@receiver([post_save, post_delete], sender=GlossaryEntry)
@receiver([post_save, post_delete], sender=Area)
def _region_content_changed(sender, instance, **kwargs) -> None:
    if instance.region_id is not None:  # areas above the districts belong to no region
        bump_content_version(instance.region_id)


@receiver([post_save, post_delete], sender=PageTranslation)
def _translation_changed(sender, instance, **kwargs) -> None:
    region_id = Page.objects.filter(pk=instance.page_id).values_list("region_id", flat=True).first()
    if region_id is not None:  # otherwise the page is being deleted and bumps itself
        bump_content_version(region_id)


@receiver(post_save, sender=Region)
def _region_changed(sender, instance, created, **kwargs) -> None:
    if not created:
        bump_content_version(instance.pk)


@receiver(m2m_changed, sender=Region.languages.through)
def _region_languages_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        bump_content_version(instance.pk)
    elif action == "pre_clear":  # language.regions.clear(): still known before it happens
        bump_content_version(list(instance.regions.values_list("pk", flat=True)))
    else:  # language.regions.add(...): instance is the language
        bump_content_version(pk_set)


@receiver(post_save, sender=Language)
def _language_changed(sender, instance, **kwargs) -> None:
    # Its native name is in every language switcher of the regions that offer it.
    bump_content_version(instance.regions.values_list("pk", flat=True))
