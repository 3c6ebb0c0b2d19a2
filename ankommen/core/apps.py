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
            permissions,
        )

    def load_demo(self, *, stdout, demo_passwords: bool = False, **options) -> None:
        from ankommen.core.demo import load_kreis_guetersloh

        load_kreis_guetersloh(stdout=stdout, set_passwords=demo_passwords)

    def generate_synthetic(self, *, count: int, stdout, **options) -> None:
        from ankommen.core.synthetic import generate_regions

        generate_regions(count=count, stdout=stdout)
