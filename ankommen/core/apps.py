from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ankommen.core"
    label = "core"
    verbose_name = _("Regions, organisations and users")

    def ready(self) -> None:
        from ankommen.core import (  # noqa: F401  (rules, checks, the audit of logins)
            audit,
            checks,
            content_version,
            permissions,
            text_translations,
        )

        # One set of signal handlers raises the content version of every module's public
        # content (each module names it with its public_content() hook).
        content_version.connect()
        # The translation workflow's bookkeeping of records with JSON maps.
        text_translations.connect()

    def public_content(self) -> dict:
        """What every module shows of a region (core/content_version.py)."""
        from ankommen.core.content_version import SHARED
        from ankommen.core.models import (
            Area,
            Audience,
            FieldOfAction,
            Language,
            Organisation,
            Region,
            TargetGroup,
        )

        return {
            Region: "pk",
            Area: "region",
            Organisation: "region",
            FieldOfAction: "region",
            TargetGroup: "region",
            Language: SHARED,
            Audience: SHARED,
        }

    def load_demo(self, *, stdout, demo_passwords: bool = False, **options) -> None:
        from ankommen.core.demo import load_kreis_guetersloh

        load_kreis_guetersloh(stdout=stdout, set_passwords=demo_passwords)

    def demo_accounts(self) -> list[str]:
        from ankommen.core.demo import core_demo_accounts

        return core_demo_accounts()
