"""Keep an offer's search document current when its texts or links change."""

import threading
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from ankommen.directory.models import Offer, OfferTranslation

_state = threading.local()


@contextmanager
def documents_rebuilt_later():
    """For bulk loaders: no rebuild per saved row; the loader rebuilds each offer once."""
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = False


def _paused() -> bool:
    return getattr(_state, "paused", False)


@receiver(post_save, sender=OfferTranslation)
@receiver(post_delete, sender=OfferTranslation)
def _translation_changed(sender, instance, **kwargs) -> None:
    if _paused():
        return
    offer = Offer.objects.filter(pk=instance.offer_id).first()
    if offer is not None:
        offer.rebuild_search_document()


@receiver(post_save, sender=Offer)
def _offer_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw and not _paused():
        instance.rebuild_search_document()


def _links_changed(sender, instance, action, **kwargs) -> None:
    if _paused():
        return
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Offer):
        instance.rebuild_search_document()


for through in (Offer.places.through, Offer.areas.through, Offer.languages.through):
    m2m_changed.connect(_links_changed, sender=through, weak=False)
