from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "ankommen.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from ankommen.participation import permissions  # noqa: F401  (registers the rules)

    def load_demo(self, *, stdout, **options) -> None:
        from ankommen.participation.demo import load_demo_participation

        load_demo_participation(stdout=stdout)

    def region_links(self, region) -> list[tuple[str, str]]:
        from django.urls import reverse

        return [
            (
                str(_("Participation: consultations and surveys")),
                reverse(
                    "participation:index",
                    kwargs={"region": region.slug, "language": region.default_language.code},
                ),
            )
        ]

    def staff_modules(self, user, region) -> list:
        from ankommen.participation.workspace import staff_modules

        return staff_modules(user, region)

    def staff_tasks(self, user, region) -> list:
        from ankommen.participation.workspace import staff_tasks

        return staff_tasks(user, region)

    def review_board_sections(self, request, region) -> list:
        from ankommen.participation.workspace import review_board_section

        return review_board_section(request, region)
