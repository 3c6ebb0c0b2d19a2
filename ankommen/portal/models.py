"""The public portal: a tree of first-orientation pages per region, and their content in
every language as versioned translation rows.

German is the source. Each page counts the versions of its German text
(`Page.source_version`); each translation row remembers the source version it was made
from, so a translation whose source version is older is *outdated*. A minor German edit
(a typo) can be saved without raising the source version. Every save of a translation
keeps a `PageRevision`, which can be compared and restored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ankommen.core.models import Area, Language, Region, VersionedModel, slug_validator
from ankommen.core.once import submission_key_field
from ankommen.core.richtext import sanitise as sanitise  # re-exported
from ankommen.core.translation import (
    SOURCE_LANGUAGE,
    TranslatedFields,
    WorkflowTexts,
    translation_state,
)
from ankommen.core.translation import TranslationState as TranslationState  # re-exported
from ankommen.portal.icons import PAGE_ICONS

# Path segments below /<region>/<language>/ that belong to the portal or other modules.
RESERVED_PAGE_SLUGS = frozenset(
    {
        "kiosk", "suche", "sw.js", "flyer.pdf", "aktionsplan", "monitoring", "intern", "angebote",
        "impressum", "datenschutz", "barrierefreiheit", "barrierefreiheit-rueckmeldung", "ort",
        "fachbegriffe",
        "offline",
    }
)  # fmt: skip
MAX_DEPTH = 6


class PageKind(models.TextChoices):
    """A page of the tree, or one of a region's three legal pages. The legal pages are
    portal pages so that they are written, translated, versioned and reviewed like every
    other page; they stand outside the tree (no parent, no town, not in navigation, search,
    flyer or the v3 page list) and each has its fixed address."""

    PAGE = "page", _("page of the page tree")
    IMPRINT = "imprint", _("imprint (Impressum)")
    PRIVACY = "privacy", _("privacy statement")
    ACCESSIBILITY = "accessibility", _("accessibility statement")


# The slug (and public path segment) of each legal page.
LEGAL_SLUGS = {
    PageKind.IMPRINT: "impressum",
    PageKind.PRIVACY: "datenschutz",
    PageKind.ACCESSIBILITY: "barrierefreiheit",
}


class PageQuerySet(models.QuerySet):
    def published(self) -> PageQuerySet:
        return self.filter(status=Page.Status.PUBLISHED)

    def tree(self) -> PageQuerySet:
        """The pages of the page tree, without the legal pages."""
        return self.filter(kind=PageKind.PAGE)

    def legal(self) -> PageQuerySet:
        return self.exclude(kind=PageKind.PAGE)

    def visible_to(self, user) -> PageQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(region__in=scope.staff_region_ids)

    def editable_by(self, user) -> PageQuerySet:
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(region__in=scope.coordinator_region_ids)
            | Q(town__in=scope.officer_town_ids)
            | Q(organisation__in=scope.editor_organisation_ids)
        )


class Page(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="portal_pages", verbose_name=_("region")
    )
    town = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_pages",
        verbose_name=_("town"),
        help_text=_("Empty for pages of the whole region; a town's pages belong to the town."),
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portal_pages",
        verbose_name=_("organisation"),
        help_text=_("The organisation that writes this page; its editors may edit it."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent page"),
    )
    slug = models.SlugField(_("slug"), max_length=80, validators=[slug_validator])
    kind = models.CharField(
        _("kind"), max_length=20, choices=PageKind.choices, default=PageKind.PAGE
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    on_flyer = models.BooleanField(
        _("on the flyer"), default=False, help_text=_("Listed on the printed flyer.")
    )
    icon = models.CharField(
        _("icon"),
        max_length=40,
        choices=PAGE_ICONS,
        blank=True,
        help_text=_("Top-level pages only: the symbol of the page's tile in the Integreat app."),
    )
    source_version = models.PositiveIntegerField(
        _("version of the German text"), default=1, editable=False
    )
    source_changed_at = models.DateTimeField(_("German text changed"), null=True, blank=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("portal page")
        verbose_name_plural = _("portal pages")
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="portal_page_slug_unique"),
            models.UniqueConstraint(
                fields=["region", "kind"],
                condition=~Q(kind="page"),
                name="portal_legal_page_once_per_region",
            ),
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_legal(self) -> bool:
        return self.kind != PageKind.PAGE

    @property
    def public_url_name(self) -> str:
        """The URL name of a legal page's public address (`portal:imprint` …)."""
        return {
            PageKind.IMPRINT: "portal:imprint",
            PageKind.PRIVACY: "portal:privacy",
            PageKind.ACCESSIBILITY: "portal:accessibility",
        }.get(self.kind, "portal:page")

    def ancestors(self) -> list[Page]:
        chain: list[Page] = []
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen and len(chain) <= MAX_DEPTH:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(chain))

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.is_legal:
            self._clean_legal(errors)
        elif self.slug in RESERVED_PAGE_SLUGS:
            errors["slug"] = ValidationError(
                _("“%(slug)s” is used by the portal itself; choose another slug."),
                code="reserved_slug",
                params={"slug": self.slug},
            )
        if self.town_id and self.town.region_id != self.region_id:
            errors["town"] = ValidationError(
                _("The town belongs to another region."), code="other_region"
            )
        if self.icon and self.parent_id:
            errors["icon"] = ValidationError(
                _("Only top-level pages have an icon."), code="icon_below_top"
            )
        if self.parent_id:
            if self.parent.region_id != self.region_id:
                errors["parent"] = ValidationError(
                    _("The parent page belongs to another region."), code="other_region"
                )
            node, steps = self.parent, 0
            while node is not None and steps <= MAX_DEPTH + 1:
                if self.pk and node.pk == self.pk:
                    errors["parent"] = ValidationError(
                        _("A page cannot lie below itself."), code="cycle"
                    )
                    break
                node, steps = node.parent, steps + 1
            else:
                if len(self.parent.ancestors()) + 2 > MAX_DEPTH:
                    errors["parent"] = ValidationError(
                        _("Pages can be nested at most %(depth)s levels deep."),
                        code="too_deep",
                        params={"depth": MAX_DEPTH},
                    )
        if errors:
            raise ValidationError(errors)

    def _clean_legal(self, errors: dict[str, ValidationError]) -> None:
        """A legal page has its fixed slug and stands for the whole region, outside the tree."""
        expected = LEGAL_SLUGS[PageKind(self.kind)]
        if self.slug != expected:
            errors["slug"] = ValidationError(
                _("This kind of page has the slug “%(slug)s”."),
                code="legal_slug",
                params={"slug": expected},
            )
        if self.town_id:
            errors["town"] = ValidationError(
                _("Legal pages are for the whole region, not for one town."), code="legal_town"
            )
        if self.parent_id:
            errors["parent"] = ValidationError(
                _("Legal pages stand outside the page tree: leave the parent page empty."),
                code="legal_parent",
            )


class PageTranslation(VersionedModel):
    """The page in one language. The German row is the source."""

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="translations", verbose_name=_("page")
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("HTML; unsafe parts are removed."))
    source_version = models.PositiveIntegerField(
        _("made from German version"), default=1, editable=False
    )
    machine_translated = models.BooleanField(_("machine-translated"), default=False)
    reviewed = models.BooleanField(_("reviewed by a person"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["page", "language"]
        verbose_name = _("page translation")
        verbose_name_plural = _("page translations")
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="portal_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language.code})"

    def save(self, *args, **kwargs) -> None:
        self.body = sanitise(self.body)
        super().save(*args, **kwargs)

    @property
    def is_source(self) -> bool:
        return self.language.code == SOURCE_LANGUAGE

    def state(self, page: Page | None = None) -> str:
        page = page or self.page
        return translation_state(
            made_from=self.source_version,
            current=page.source_version,
            machine=self.machine_translated,
            reviewed=self.reviewed,
            is_source=self.is_source,
        )


class PageRevision(models.Model):
    """A translation as it was saved once, to compare and restore."""

    translation = models.ForeignKey(
        PageTranslation,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("translation"),
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    source_version = models.PositiveIntegerField(_("made from German version"))
    machine_translated = models.BooleanField(_("machine-translated"), default=False)
    reviewed = models.BooleanField(_("reviewed by a person"), default=False)
    author = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["translation", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["translation", "number"], name="portal_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.translation} #{self.number}"


class GlossaryQuerySet(models.QuerySet):
    def for_newcomers(self) -> GlossaryQuerySet:
        return self.filter(audience=GlossaryEntry.Audience.NEWCOMERS)

    def for_professionals(self) -> GlossaryQuerySet:
        return self.filter(audience=GlossaryEntry.Audience.PROFESSIONALS)


class GlossaryEntry(WorkflowTexts, models.Model):
    """A word explained per language. The newcomers' glossary holds the words they meet
    (Anmeldung, Aufenthaltstitel, Jobcenter …) and is shown on the portal; the
    professionals' glossary holds the jargon of the region's integration work (GO, NGO,
    KIM …) and is shown on the side for professionals. The German texts (`"de"`) are the
    source of the translation workflow."""

    class Audience(models.TextChoices):
        NEWCOMERS = "newcomers", _("newcomers")
        PROFESSIONALS = "professionals", _("professionals")

    TRANSLATION_WORKFLOW = True
    WORKFLOW_FIELDS = ("expansion", "explanation")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="glossary", verbose_name=_("region")
    )
    term = models.CharField(_("term"), max_length=60)
    audience = models.CharField(
        _("glossary"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.NEWCOMERS,
        help_text=_("Whose glossary the word belongs to."),
    )
    expansion = models.JSONField(_("full form by language"), default=dict)
    explanation = models.JSONField(_("explanation by language"), default=dict)

    objects = GlossaryQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary entries")
        constraints = [
            models.UniqueConstraint(fields=["region", "term"], name="portal_glossary_unique")
        ]

    def __str__(self) -> str:
        return self.term

    def in_language(self, code: str) -> tuple[str, str] | None:
        if code in self.explanation:
            return self.expansion.get(code, ""), self.explanation[code]
        return None

    # --- The translation workflow (ankommen/core/translation.py: WorkflowTexts) ----------
    def workflow_fields(self) -> tuple[str, ...]:
        return self.WORKFLOW_FIELDS

    def texts_for(self, code: str) -> dict[str, str]:
        return {
            field: str((getattr(self, field) or {}).get(code) or "")
            for field in self.WORKFLOW_FIELDS
        }

    def set_texts_for(self, code: str, values) -> None:
        for field in self.WORKFLOW_FIELDS:
            texts = dict(getattr(self, field) or {})
            value = (values.get(field) or "").strip()
            if value:
                texts[code] = value
            else:
                texts.pop(code, None)
            setattr(self, field, texts)

    def text_columns(self) -> list[str]:
        return list(self.WORKFLOW_FIELDS)

    def stored_codes(self) -> set[str]:
        codes = {SOURCE_LANGUAGE}
        for field in self.WORKFLOW_FIELDS:
            codes |= {code for code, text in (getattr(self, field) or {}).items() if text}
        return codes


class LinkCheck(models.Model):
    """The last check of an external link found in the region's pages
    (`ankommen check_portal_links`); failures are listed on the editors' board."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    url = models.URLField(_("address"), max_length=500)
    ok = models.BooleanField(_("reachable"), default=True)
    problem = models.CharField(_("problem"), max_length=200, blank=True)
    checked_at = models.DateTimeField(_("checked"), auto_now=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        constraints = [
            models.UniqueConstraint(fields=["region", "url"], name="portal_linkcheck_unique")
        ]

    def __str__(self) -> str:
        return self.url


class AccessibilityFeedback(models.Model):
    """A message sent through the accessibility statement's feedback form (BITV 2.0 § 7:
    a way to report barriers and to ask for content in an accessible form). It reaches the
    region's editors: listed on their staff page and mailed to the KI coordinators."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    address = models.CharField(
        _("page concerned"), max_length=500, blank=True, help_text=_("Address or name of the page.")
    )
    message = models.TextField(_("message"), max_length=4000)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    submission_key = submission_key_field()
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self) -> str:
        return f"{self.region} {self.created_at:%Y-%m-%d}"


class PageServiceQuerySet(models.QuerySet):
    def editable_by(self, user) -> PageServiceQuerySet:
        """The KI coordinator all of her region's, a municipal officer those for her towns
        (on any page of the region: Verl's Bürgerbüro on the region's "Ankommen" page)."""
        from ankommen.core.permissions import scope_of

        scope = scope_of(user)
        if scope.is_admin:
            return self
        return self.filter(
            Q(page__region__in=scope.coordinator_region_ids)
            | Q(town__in=scope.officer_town_ids)
            | Q(page__town__in=scope.officer_town_ids)
        )


class PageService(TranslatedFields):
    """Something a page points to near the visitor: an offer, a place, an event, a saved
    directory filter ("language courses with childcare") or a contact card. With a town,
    it is shown only to visitors who chose that town (or one of its quarters): the town's
    variant of the page. The public page shows only what the directory's public rules
    let through (an unpublished offer stays hidden)."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("offer")
        PLACE = "place", _("place")
        EVENT = "event", _("event")
        FILTER = "filter", _("saved directory filter")
        CONTACT = "contact", _("contact card")

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="services", verbose_name=_("page")
    )
    town = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for visitors from"),
        help_text=_("Empty: for every visitor."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    offer = models.ForeignKey(
        "directory.Offer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offer"),
    )
    place = models.ForeignKey(
        "directory.Place",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    event = models.ForeignKey(
        "directory.Event",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    filter_query = models.CharField(
        _("directory filter"),
        max_length=300,
        blank=True,
        help_text=_(
            "The part after “?” of a directory address, for example "
            "kind=language_course&q=Kinderbetreuung. The visitor's town is added."
        ),
    )
    heading = models.CharField(_("heading (German)"), max_length=200, blank=True)
    headings = models.JSONField(_("headings in other languages"), default=dict, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    appointment_url = models.URLField(_("appointment booking"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = PageServiceQuerySet.as_manager()

    TRANSLATED_FIELDS = {"heading": "headings"}

    class Meta:
        ordering = ["page", "position", "pk"]
        verbose_name = _("service on a page")
        verbose_name_plural = _("services on pages")

    def __str__(self) -> str:
        return f"{self.page.slug}: {self.get_kind_display()}"

    REQUIRED = {
        Kind.OFFER: "offer",
        Kind.PLACE: "place",
        Kind.EVENT: "event",
        Kind.FILTER: "filter_query",
        Kind.CONTACT: "contact_name",
    }

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        needed = self.REQUIRED.get(self.kind)
        values = {
            "offer": self.offer_id,
            "place": self.place_id,
            "event": self.event_id,
            "filter_query": self.filter_query.strip(),
            "contact_name": self.contact_name.strip(),
        }
        if needed and not values[needed]:
            errors[needed] = ValidationError(
                _("This kind of entry needs this field."), code="required_for_kind"
            )
        region_id = self.page.region_id if self.page_id else None
        for name in ("offer", "place", "event", "town"):
            related = getattr(self, name)
            if related is not None and region_id and related.region_id != region_id:
                errors[name] = ValidationError(
                    _("This belongs to another region."), code="other_region"
                )
        if self.filter_query and ("://" in self.filter_query or len(self.filter_query) > 300):
            errors["filter_query"] = ValidationError(
                _("Give only the filter, not a whole address."), code="invalid_filter"
            )
        if errors:
            raise ValidationError(errors)
