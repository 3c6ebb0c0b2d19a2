"""Language mediators for an appointment of a case, requested through the mediation pool."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ankommen.cases.models import Case
from ankommen.cases.services.texts import names_in
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry

A = AuditEntry.Action


@transaction.atomic
def interpreter_request(actor: Actor, case: Case, *, appointment, data: dict):
    """Request a language mediator for an appointment of the case through the mediation
    pool: its form checks the request by the pool's rules (lead time, setting, personal
    data in the topic), its services offer it to the mediators. The pool learns the
    appointment's time, the town and a topic, never who the client is."""
    from ankommen.cases.models import InterpreterRequest
    from ankommen.core.models import Organisation
    from ankommen.mediation.forms import MediationRequestForm
    from ankommen.mediation.permissions import is_requester
    from ankommen.mediation.services import MediationError, send_offers

    case.ensure_editable()
    user = actor.user
    # The pool's own rule for requesters: staff of the requesting organisation, here the
    # organisation that runs the case.
    if not (
        user.has_perm("mediation.add_mediationrequest", case.region) and is_requester(user, case)
    ):
        audit(actor, A.DENIED, case, reason="not a mediation requester for this case")
        raise PermissionDenied(
            _("Your organisation may not request language mediation in this region.")
        )
    if appointment.case_id != case.pk:
        raise ValidationError(_("Choose an appointment of this case."), code="appointment")
    if names_in(data["topic"], case.client):
        raise ValidationError(
            _(
                "The topic must not name the client: the mediation pool gets no personal "
                "data. Use initials at most."
            ),
            code="personal_data",
        )
    local = timezone.localtime(appointment.at)
    form = MediationRequestForm(
        {
            "organisation": case.organisation_id,
            "language": data["language"].code,
            "variety": "",
            "tier": data["tier"],
            "setting": data["setting"],
            "mode": data["mode"],
            # The town only: the appointment's place may be the client's home.
            "place_area": case.town_id,
            "place": "",
            "duration_minutes": data["duration_minutes"],
            "urgency": "normal",
            "topic": data["topic"],
            "names_nobody": data.get("names_nobody"),
            "cost_centre": "",
            "date": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
        },
        region=case.region,
        user=user,
        organisations=Organisation.objects.filter(pk=case.organisation_id),
        may_override=False,
        # The pool refuses the client's own names and contact data in any text it shows.
        personal_values=[
            case.client.first_name,
            case.client.last_name,
            case.client.email,
            case.client.phone,
        ],
    )
    if not form.is_valid():
        raise ValidationError(
            [message for errors in form.errors.values() for message in errors],
            code="mediation_form",
        )
    mediation_request = form.save()
    link = InterpreterRequest.objects.create(
        case=case,
        appointment=appointment,
        mediation_request=mediation_request,
        requested_by_id=user.pk,
    )
    try:
        send_offers(mediation_request)
    except MediationError as error:
        raise ValidationError(str(error), code="mediation") from None
    audit(actor, A.CREATE, link, mediation_request=mediation_request.pk)
    return link
