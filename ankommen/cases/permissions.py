"""Who may do what with case data.

- A case manager works on the cases assigned to her, within her organisation.
- A team lead (Fachaufsicht) also works on every case of the team she leads, may override
  a missing consent with a written reason, and approves early deletions (four-eyes).
- The KI coordinator of the region sees counts only: the report and the aggregated
  structural problems — never a case, a client or a name.
- A team lead sees the same counts for her teams (the team report, her organisations'
  structural problems) and her team view (caseload per person, quiet cases, what waits
  for her approval); she does not track the problems (the KI does).
- The people an organisation named as recipients of its referrals (`ReferralRecipient`,
  named by its team leads or the installation admin) see its referrals' shared
  categories and answer them — no other account of the organisation.
- Health notes, health assessments and health documents are visible only to the case
  manager the case is assigned to (not to her team lead, not to colleagues); recipients
  see them only when a consent for the health category was shared.
- Installation admins have no case access at all (they administer, they do not counsel).
"""

from __future__ import annotations

import rules

from ankommen.core.permissions import led_organisation_ids, scope_of


@rules.predicate
def works_on_case(user, case=None) -> bool:
    if case is None:
        return bool(scope_of(user).case_manager_organisation_ids)
    from ankommen.cases.models import Case

    return Case.objects.visible_to(user).filter(pk=case.pk).exists()


@rules.predicate
def is_assigned_manager(user, case=None) -> bool:
    if case is None:
        return bool(scope_of(user).case_manager_organisation_ids)
    return (
        case.assigned_to_id == user.pk
        and case.organisation_id in scope_of(user).case_manager_organisation_ids
    )


@rules.predicate
def leads_team_of_case(user, case=None) -> bool:
    scope = scope_of(user)
    if case is None:
        return bool(scope.led_team_ids)
    return (
        case.team_id in scope.led_team_ids
        and case.organisation_id in scope.case_manager_organisation_ids
    )


@rules.predicate
def coordinates_region(user, region=None) -> bool:
    scope = scope_of(user)
    if region is None:
        return bool(scope.coordinator_region_ids)
    return region.pk in scope.coordinator_region_ids


def led_team_ids_in(user, region) -> frozenset[int]:
    """The teams the user leads in the region's organisations (her role's region)."""
    scope = scope_of(user)
    if not scope.led_team_ids:
        return frozenset()
    from ankommen.core.models import RoleAssignment

    return frozenset(
        RoleAssignment.objects.filter(
            user=user, region=region, team_id__in=scope.led_team_ids
        ).values_list("team_id", flat=True)
    )


@rules.predicate
def leads_team_in_region(user, region=None) -> bool:
    if region is None:
        return bool(scope_of(user).led_team_ids)
    return bool(led_team_ids_in(user, region))


_RECIPIENT_CACHE = "_ankommen_referral_organisations"


def referral_organisation_ids(user) -> frozenset[int]:
    """The organisations whose referrals the user receives: she is named as a recipient
    (`ReferralRecipient`) and still holds a role in the organisation. Computed once per
    user object, like the scope."""
    scope = scope_of(user)
    if not scope.member_organisation_ids:
        return frozenset()
    cached = getattr(user, _RECIPIENT_CACHE, None)
    if cached is None:
        from ankommen.cases.models import ReferralRecipient

        cached = frozenset(
            ReferralRecipient.objects.filter(
                user=user, organisation_id__in=scope.member_organisation_ids
            ).values_list("organisation_id", flat=True)
        )
        setattr(user, _RECIPIENT_CACHE, cached)
    return cached


@rules.predicate
def receives_referral(user, referral=None) -> bool:
    """Only the people the receiving organisation named, not every account of it."""
    if referral is None:
        return bool(referral_organisation_ids(user))
    return referral.recipient_id in referral_organisation_ids(user)


@rules.predicate
def names_referral_recipients(user, recipient=None) -> bool:
    if scope_of(user).is_admin:
        return True
    if recipient is None:
        return bool(led_organisation_ids(user))
    return recipient.organisation_id in led_organisation_ids(user)


@rules.predicate
def sent_referral(user, referral=None) -> bool:
    if referral is None:
        return works_on_case(user)
    return works_on_case(user, referral.case)


rules.add_perm("cases.view_case", works_on_case)
rules.add_perm("cases.change_case", works_on_case)
rules.add_perm("cases.view_health_notes", is_assigned_manager)
rules.add_perm("cases.override_consent", leads_team_of_case)
rules.add_perm("cases.approve_deletion", leads_team_of_case)
rules.add_perm("cases.export_client", works_on_case)
rules.add_perm("cases.view_report", coordinates_region)
rules.add_perm("cases.view_structural_problems", coordinates_region)
rules.add_perm("cases.track_structural_problems", coordinates_region)
rules.add_perm("cases.view_team", leads_team_in_region)
rules.add_perm("cases.answer_referral", receives_referral)
rules.add_perm("cases.revoke_referral", sent_referral)


# The admin's vocabularies: legal domains for the installation admin, consent text versions
# for the region's KI coordinator (a used text is read-only, see admin.py).
def _consent_text_region(user, obj=None) -> bool:
    scope = scope_of(user)
    if obj is None:
        return scope.is_admin or bool(scope.coordinator_region_ids)
    return scope.is_admin or obj.region_id in scope.coordinator_region_ids


steers_consent_texts = rules.predicate(_consent_text_region)
rules.add_perm("cases.view_legaldomain", rules.predicates.is_authenticated)
for _action in ("add", "change", "delete"):
    rules.add_perm(f"cases.{_action}_legaldomain", rules.predicates.is_superuser)
    rules.add_perm(f"cases.{_action}_consenttext", steers_consent_texts)
rules.add_perm("cases.view_consenttext", steers_consent_texts)
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"cases.{_action}_referralrecipient", names_referral_recipients)


def case_organisation_ids(user) -> frozenset[int]:
    """The organisations in which the user works with cases: as case manager or team lead,
    or as a named recipient of its referrals. Other roles in an organisation (its website
    editor) give no way into the case pages."""
    return scope_of(user).case_manager_organisation_ids | referral_organisation_ids(user)


@rules.predicate
def works_with_cases(user, region=None) -> bool:
    """Who enters a region's case pages: case managers and team leads of an organisation in
    the region, the people named to receive an organisation's referrals, and the region's
    KI coordinator (counts only). A region annotated with `has_member`
    (`access.case_regions`) answers without another query."""
    scope = scope_of(user)
    if region is None:
        return bool(scope.coordinator_region_ids or case_organisation_ids(user))
    if region.pk in scope.coordinator_region_ids:
        return True
    member = getattr(region, "has_member", None)
    if member is None:
        member = region.organisations.filter(pk__in=case_organisation_ids(user)).exists()
    return member


rules.add_perm("cases.use_staff_pages", works_with_cases)
