"""Which region a record belongs to, and which related records a user may name.

One rule for every form that lets staff pick a related record (the admin's forms and
their inlines through `ScopedModelAdmin`, the staff pages' forms listed in `STAFF_FORMS`):

- a record of a region is offered only to people who work in that region (records of no
  region — languages, audiences, the comparison areas — are shared by all);
- an account is offered only if all its roles lie in the user's regions;
- an organisation is offered only if the user edits it (`Organisation.objects.editable_by`):
  naming an organisation on a record (who runs an offer, who maintains it, the parent of an
  organisation) hands the record to that organisation's editors. A KI coordinator edits
  every organisation of her region, so she may name any of them; a team lead names the
  organisation of her team (its case roles, the recipients of its referrals).

The standing test `core/tests/test_tenant_isolation.py` checks this for every admin and
every listed staff form, as every role of two regions.
"""

from __future__ import annotations

from functools import cache

from django.db import models
from django.db.models import Q

from ankommen.core.models import Organisation, Region, RoleAssignment, User
from ankommen.core.permissions import led_organisation_ids, scope_of

# The staff pages' forms that offer related records, by dotted path, with how a test
# builds each one for a user (see the standing test). A new ModelForm of the project that is
# neither an admin's form nor listed here (nor in PUBLIC_FORMS) fails that test.
STAFF_FORMS: list[str] = [
    # coverage, crisis, networks, volunteering (stop 27)
    "ankommen.coverage.forms.StandardRowForm",
    "ankommen.coverage.forms.NewStepForm",
    "ankommen.coverage.forms.LinkStepForm",
    "ankommen.crisis.forms.StructureForm",
    "ankommen.crisis.forms.SwitchForm",
    "ankommen.crisis.forms.ReportForm",
    "ankommen.crisis.forms.NewsForm",
    "ankommen.crisis.forms.NewsTranslationForm",
    "ankommen.crisis.forms.CrisisPageForm",
    "ankommen.networks.forms.MeetingForm",
    "ankommen.networks.forms.MembershipForm",
    "ankommen.networks.forms.DecisionForm",
    "ankommen.networks.forms.TaskForm",
    "ankommen.volunteering.forms.OpportunityForm",
    "ankommen.volunteering.forms.VolunteerForm",
    "ankommen.volunteering.forms.HoursForm",
    "ankommen.volunteering.forms.EngagementForm",
    "ankommen.volunteering.forms.TrainingForm",
    "ankommen.actionplan.forms.IssueReportForm",
    "ankommen.actionplan.forms.OrganisationChoiceForm",
    "ankommen.actionplan.forms.PlanFilterForm",
    "ankommen.cases.forms.NewCaseForm",
    "ankommen.cases.forms.ClientForm",
    "ankommen.cases.forms.InterpreterRequestForm",
    "ankommen.cases.forms.NoteForm",
    "ankommen.cases.forms.GoalForm",
    "ankommen.cases.forms.AppointmentForm",
    "ankommen.cases.forms.FollowUpForm",
    "ankommen.cases.forms.AssessmentForm",
    "ankommen.cases.forms.ConsentForm",
    "ankommen.cases.forms.ReferralForm",
    "ankommen.cases.forms.ConferenceForm",
    "ankommen.cases.forms.TransferForm",
    "ankommen.cases.forms.WorkflowForm",
    "ankommen.cases.forms.StructuralProblemForm",
    "ankommen.cases.forms.StructuralProblemTrackingForm",
    "ankommen.mediation.forms.MediationRequestForm",
    "ankommen.mediation.forms.MediationRequestEditForm",
    "ankommen.mediation.forms.ConflictForm",
    "ankommen.monitoring.forms.ImportForm",
    "ankommen.portal.forms.PageServiceForm",
    "ankommen.accounts.forms.InvitationForm",
]

# Forms the public fills in or filters with: they offer only the region's public records.
PUBLIC_FORMS: list[str] = [
    # Participation's public forms: the recommendation and the town come from the
    # consultation and the region of the URL (participation/public_views.py).
    "ankommen.participation.forms.CommentForm",
    "ankommen.participation.forms.MissingOfferForm",
    "ankommen.directory.forms.DirectoryFilterForm",
    # The accessibility statement's feedback form: free text only; its region comes from
    # the URL (region_view), it offers no record to choose.
    "ankommen.portal.forms.AccessibilityFeedbackForm",
]


@cache
def tenant_path(model: type[models.Model]) -> str | None:
    """The lookup from `model` to its region: `region`, or one relation away
    (`organisation__region` for a team, `indicator__region` for a value); None for records
    that belong to no region."""
    if model is Region:
        return "pk"
    fields = [f for f in model._meta.concrete_fields if f.is_relation and f.many_to_one]
    for field in fields:
        if field.name == "region" and field.related_model is Region:
            return "region"
    for field in fields:
        related = field.related_model
        if related is model or related is User:
            continue
        if any(f.name == "region" and f.related_model is Region for f in related._meta.fields):
            return f"{field.name}__region"
    return None


def tenants_of(obj: models.Model) -> set[int]:
    """The region a record belongs to, as a set: empty for shared records (and for
    accounts, whose regions are their roles')."""
    if isinstance(obj, Region):
        return {obj.pk}
    path = tenant_path(type(obj))
    if path is None:
        return set()
    value = obj
    for step in path.split("__"):
        value = getattr(value, f"{step}_id" if step == "region" else step, None)
        if value is None:
            return set()
    return {value}


def in_scope(queryset: models.QuerySet, user) -> models.QuerySet:
    """The records of `queryset` that `user` may name on a record she saves."""
    scope = scope_of(user)
    if scope.is_admin:
        return queryset
    model = queryset.model
    regions = scope.region_ids
    if issubclass(model, User):
        elsewhere = RoleAssignment.objects.exclude(region__in=regions).values("user_id")
        return queryset.filter(
            is_superuser=False,
            pk__in=RoleAssignment.objects.filter(region__in=regions).values("user_id"),
        ).exclude(pk__in=elsewhere)
    path = tenant_path(model)
    if path is not None:
        queryset = queryset.filter(Q(**{f"{path}__in": regions}) | Q(**{f"{path}__isnull": True}))
    if issubclass(model, Organisation):
        # A team lead names her own organisation where she manages its case roles and
        # the recipients of its referrals, without editing the organisation's pages.
        queryset = queryset.filter(
            Q(pk__in=Organisation.objects.editable_by(user).values("pk"))
            | Q(pk__in=led_organisation_ids(user))
        )
    return queryset
