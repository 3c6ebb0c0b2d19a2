"""An action plan for each synthetic region, of the Kreis Gütersloh's size: per field of
action four challenges, two recommendations each with four sub-steps, and two KI measures."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from ankommen.actionplan.models import (
    Challenge,
    Recommendation,
    Status,
    SubStep,
)
from ankommen.devtools.synthetic.core import synthetic_regions

STATUSES = [Status.PLANNED, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.DONE, Status.BLOCKED]
ADOPTED = date(2025, 3, 1)


def generate_plans(*, count: int, stdout) -> None:
    for region in synthetic_regions().order_by("slug")[:count]:
        if Challenge.objects.filter(region=region).exists():
            continue
        with transaction.atomic():
            steps = _generate_plan(region)
        stdout.write(f"actionplan: created a plan with {steps} sub-steps for {region.slug}")


def _generate_plan(region) -> int:
    rng = random.Random(region.official_key)  # noqa: S311  (repeatable test data)
    organisations = list(region.organisations.order_by("key"))
    steps: list[SubStep] = []
    for field in region.fieldofaction_set.order_by("sort_order"):
        challenges = Challenge.objects.bulk_create(
            Challenge(region=region, field=field, rank=rank, text=f"Herausforderung {rank}")
            for rank in range(1, 5)
        )
        recommendations = []
        for challenge in challenges:
            for number in (1, 2):
                recommendations.append(
                    Recommendation(
                        region=region,
                        field=field,
                        challenge=challenge,
                        number=number,
                        key=f"{field.slug}-{challenge.rank}-{number}",
                        title=f"Empfehlung {challenge.rank}.{number}",
                        goal="Ziel der Empfehlung",
                        deadline_class=rng.choice(["short", "medium", "long"]),
                        adopted_on=ADOPTED,
                        lead_organisation=rng.choice(organisations),
                    )
                )
        for number in (1, 2):
            recommendations.append(
                Recommendation(
                    region=region,
                    field=field,
                    kind=Recommendation.Kind.KI_MEASURE,
                    number=number,
                    key=f"{field.slug}-massnahme-{number}",
                    title=f"Maßnahme {number}",
                    deadline_class="long",
                    adopted_on=ADOPTED,
                )
            )
        for recommendation in Recommendation.objects.bulk_create(recommendations):
            progress_sum = 0
            for number in range(1, 5):
                status = rng.choice(STATUSES)
                progress = {Status.PLANNED: 0, Status.DONE: 100}.get(status, rng.randint(5, 95))
                progress_sum += progress
                steps.append(
                    SubStep(
                        region=region,
                        recommendation=recommendation,
                        number=number,
                        text=f"Teilschritt {number}",
                        responsible_organisation=rng.choice(organisations),
                        due_date=ADOPTED + timedelta(days=rng.randint(60, 1400)),
                        status=status,
                        progress=progress,
                        status_reason="Synthetisch blockiert" if status == Status.BLOCKED else "",
                    )
                )
            recommendation.progress = progress_sum / 4
        Recommendation.objects.bulk_update(recommendations, ["progress"])
    SubStep.objects.bulk_create(steps)
    return len(steps)
