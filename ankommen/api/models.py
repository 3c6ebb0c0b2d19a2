"""The API's own records: partner keys (higher rate limits) and feedback sent by apps."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """A partner with an API key. Only the key's SHA-256 digest is stored; the key itself
    is shown once, when it is issued (`ApiClient.issue`)."""

    name = models.CharField(_("name"), max_length=200)
    contact = models.EmailField(_("contact e-mail"), blank=True)
    key_prefix = models.CharField(_("key prefix"), max_length=12, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(
        cls, *, name: str, requests_per_minute: int = 600, contact: str = ""
    ) -> tuple[ApiClient, str]:
        """Create a client and return it with its new key (never stored in clear)."""
        key = "ank_" + secrets.token_urlsafe(32)
        client = cls.objects.create(
            name=name,
            contact=contact,
            key_prefix=key[:12],
            key_digest=cls.digest(key),
            requests_per_minute=requests_per_minute,
        )
        return client, key

    @classmethod
    def for_key(cls, key: str) -> ApiClient | None:
        return cls.objects.filter(key_digest=cls.digest(key), is_active=True).first()


class Feedback(models.Model):
    """Feedback an app sends through the Integreat-compatible endpoints
    (`/api/v3/<region>/<language>/feedback/<kind>/`). Anonymous: no personal data."""

    class Kind(models.TextChoices):
        PAGE = "page", _("page")
        CATEGORIES = "categories", _("categories")
        SEARCH = "search", _("search")
        EVENTS = "events", _("events")
        EVENT = "event", _("event")
        POIS = "pois", _("locations")
        POI = "poi", _("location")
        REGION = "region", _("region")
        IMPRINT = "imprint-page", _("imprint")
        # The map and the offers (Integreat's apps call the offers "extras" in older
        # versions; each name is kept as sent).
        MAP = "map", _("map")
        OFFERS = "offers", _("offers")
        OFFER = "offer", _("offer")
        EXTRAS = "extras", _("offers (older app versions)")
        EXTRA = "extra", _("offer (older app versions)")

    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    language = models.ForeignKey("core.Language", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reference = models.CharField(_("about"), max_length=500, blank=True)
    rating = models.BooleanField(_("positive"), null=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    query = models.CharField(_("search query"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}".strip()
