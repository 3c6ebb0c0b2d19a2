"""The action plan: field of action → challenge → recommendation → sub-step.

One module per subject: `base` (vocabularies, progress arithmetic), `scope` (what a person
may reach), `plan` (challenges, recommendations), `steps` (sub-steps), `progress` (reports
and evidence), `links`, `history` (the change history), `steering` (quarterly reports).
Every name is importable from `ankommen.actionplan.models` as before.
"""

from ankommen.actionplan.models.base import (
    FINISHED_STATUSES,
    HUNDRED,
    OVERRIDE_LIGHTS,
    STATUSES_NEEDING_REASON,
    DeadlineClass,
    Level,
    Light,
    PlanQuerySet,
    Status,
    add_months,
    mean,
    percent_validators,
    round_progress,
)
from ankommen.actionplan.models.history import ChangeEntry
from ankommen.actionplan.models.links import PlanLink
from ankommen.actionplan.models.plan import Challenge, Recommendation, RecommendationQuerySet
from ankommen.actionplan.models.progress import EvidenceLink, ProgressReport
from ankommen.actionplan.models.steering import Quarter, SteeringReport, plan_snapshot
from ankommen.actionplan.models.steps import SubStep, SubStepQuerySet

__all__ = [
    "FINISHED_STATUSES",
    "HUNDRED",
    "OVERRIDE_LIGHTS",
    "STATUSES_NEEDING_REASON",
    "Challenge",
    "ChangeEntry",
    "DeadlineClass",
    "EvidenceLink",
    "Level",
    "Light",
    "PlanLink",
    "PlanQuerySet",
    "ProgressReport",
    "Quarter",
    "Recommendation",
    "RecommendationQuerySet",
    "Status",
    "SteeringReport",
    "SubStep",
    "SubStepQuerySet",
    "add_months",
    "mean",
    "percent_validators",
    "plan_snapshot",
    "round_progress",
]
