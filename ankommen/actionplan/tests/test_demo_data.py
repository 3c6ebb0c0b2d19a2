"""Chapter 6 of the concept as demo data: complete, and loaded idempotently."""

import io

import pytest
from django.core.management import call_command
from django.test import TestCase

from ankommen.actionplan.models import (
    Challenge,
    ChangeEntry,
    PlanLink,
    Recommendation,
    SubStep,
)
from ankommen.core.counts import row_counts

# Prioritised challenges per field of action, as in tables 4, 7, 12, 18 and 22 of the
# concept; field 6 has the one challenge of section 6.6.
CHALLENGES = {
    "zusammenleben-teilhabe": 4,
    "wohnen-mobilitaet": 5,
    "institutionen-professionalisierung": 6,
    "gesundheit-pflege": 6,
    "arbeit-wirtschaft": 4,
    "sprache-bildung": 1,
}
# Recommendations the concept presents (tables 5, 6, 8–11, 13–17, 19–21, 23–25, 6.6).
RECOMMENDATIONS = {
    "zusammenleben-teilhabe": 2,
    "wohnen-mobilitaet": 5,
    "institutionen-professionalisierung": 5,
    "gesundheit-pflege": 3,
    "arbeit-wirtschaft": 4,
    "sprache-bildung": 1,
}
# The KI's ongoing approaches of sections 6.1.1, 6.3.1, 6.4.1, 6.5.1 and 6.6.1.
MEASURES = {
    "zusammenleben-teilhabe": 1,
    "wohnen-mobilitaet": 0,
    "institutionen-professionalisierung": 4,
    "gesundheit-pflege": 1,
    "arbeit-wirtschaft": 2,
    "sprache-bildung": 4,
}


def counts_by_field(queryset):
    found = dict.fromkeys(CHALLENGES, 0)
    for slug in queryset.values_list("field__slug", flat=True):
        found[slug] += 1
    return found


class TestDemoPlan(TestCase):
    """Read-only checks share one load of the demo (rolled back after the class)."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())

    def test_mietfuehrerschein_links_to_its_offer_in_the_directory(self):
        recommendation = Recommendation.objects.get(title__icontains="Mietführerschein")
        hrefs = [link.href() for link in recommendation.links.all()]
        assert "/kreis-guetersloh/de/angebote/mietfuehrerschein/" in hrefs

    def test_apprentices_share_links_to_its_indicator(self):
        hrefs = {
            link.href()
            for link in PlanLink.objects.filter(reference__startswith="monitoring.indicator:")
        }
        assert hrefs == {"/kreis-guetersloh/de/monitoring/azubi-auslaenderanteil/"}

    def test_every_prioritised_challenge_is_loaded(self):
        assert counts_by_field(Challenge.objects.all()) == CHALLENGES

    def test_challenges_keep_their_priority_order(self):
        ranks = list(
            Challenge.objects.filter(field__slug="gesundheit-pflege").values_list("rank", flat=True)
        )
        assert ranks == [1, 2, 3, 4, 5, 6]

    def test_every_recommendation_of_the_concept_is_loaded(self):
        recommendations = Recommendation.objects.filter(kind="recommendation")
        assert counts_by_field(recommendations) == RECOMMENDATIONS

    def test_every_ongoing_approach_of_the_ki_is_loaded_as_a_measure(self):
        assert counts_by_field(Recommendation.objects.filter(kind="ki_measure")) == MEASURES

    def test_every_recommendation_has_a_goal_and_sub_steps(self):
        lacking = Recommendation.objects.filter(kind="recommendation").exclude(
            goal__gt="", steps__isnull=False
        )
        assert not lacking.exists()

    def test_every_ki_measure_is_ongoing(self):
        finished = {"done", "dropped"}
        for measure in Recommendation.objects.filter(kind="ki_measure"):
            assert any(s.status not in finished for s in measure.steps.all()), measure.key

    def test_mietfuehrerschein_has_its_sub_steps(self):
        recommendation = Recommendation.objects.get(key="mietfuehrerschein")
        assert (recommendation.code, recommendation.steps.count()) == ("E 2.5.1", 5)

    def test_mietfuehrerschein_links_to_the_offer_of_herzebrock_clarholz(self):
        link = Recommendation.objects.get(key="mietfuehrerschein").links.get()
        assert (link.kind, link.target.key) == ("offer", "gemeinde-herzebrock-clarholz")

    def test_caritas_is_responsible_for_steps(self):
        assert SubStep.objects.filter(
            responsible_organisation__key="caritas-kreis-guetersloh"
        ).exists()


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_loading_twice_leaves_the_row_counts(demo):
    before = row_counts()
    call_command("load_demo", stdout=io.StringIO())
    assert row_counts() == before


@pytest.mark.django_db
def test_loading_twice_writes_nothing(demo):
    before = list(SubStep.objects.order_by("pk").values_list("pk", "updated_at", "version"))
    call_command("load_demo", stdout=io.StringIO())
    after = list(SubStep.objects.order_by("pk").values_list("pk", "updated_at", "version"))
    assert after == before and not ChangeEntry.objects.exists()


@pytest.mark.django_db
def test_a_bad_data_file_is_refused_naming_file_and_line(demo, tmp_path):
    import shutil

    from django.core.management.base import CommandError

    from ankommen.actionplan.demo import DEMO_DIR

    shutil.copytree(DEMO_DIR, tmp_path / "plan")
    broken = tmp_path / "plan" / "fields" / "2-wohnen-mobilitaet.toml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace(
            'organisation = "caritas-kreis-guetersloh"', 'organisation = "gibt-es-nicht"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"2-wohnen-mobilitaet.toml:\d+: unknown organisation"):
        call_command("load_action_plan", "kreis-guetersloh", str(tmp_path / "plan"))


@pytest.mark.django_db
def test_a_refused_file_writes_nothing(demo, tmp_path):
    import shutil

    from django.core.management.base import CommandError

    from ankommen.actionplan.demo import DEMO_DIR

    shutil.copytree(DEMO_DIR, tmp_path / "plan")
    (tmp_path / "plan" / "fields" / "1-zusammenleben-teilhabe.toml").write_text(
        (tmp_path / "plan" / "fields" / "1-zusammenleben-teilhabe.toml")
        .read_text(encoding="utf-8")
        .replace("Ehrenamtliche für die Arbeit", "GEÄNDERT: Ehrenamtliche für die Arbeit"),
        encoding="utf-8",
    )
    broken = tmp_path / "plan" / "fields" / "6-sprache-bildung.toml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n[[challenge]]\nrank = 1\n")
    with pytest.raises(CommandError):
        call_command("load_action_plan", "kreis-guetersloh", str(tmp_path / "plan"))
    assert not Challenge.objects.filter(text__startswith="GEÄNDERT").exists()
