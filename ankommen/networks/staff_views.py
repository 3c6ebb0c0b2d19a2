"""The staff pages of networks and bodies, at /<region>/intern/netzwerke/…: the list of
bodies, a body's members' page, a meeting with invitations, attendance, minutes and
decisions, tasks and documents. Every body is reached through `get_body_for_user`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ankommen.core.models import ConflictError, Region
from ankommen.core.once import create_once
from ankommen.core.routing import staff_view
from ankommen.networks.forms import (
    AttendanceForm,
    DecisionForm,
    DocumentForm,
    MeetingForm,
    MembershipForm,
    MinutesForm,
    TaskForm,
    TaskStatusForm,
)
from ankommen.networks.models import Body, Document, Meeting, Minutes, Task
from ankommen.networks.permissions import get_body_for_user, visible_bodies
from ankommen.networks.services import (
    attendance_record,
    decision_record,
    meeting_invite,
    minutes_save,
)

PERMISSION = "networks.use_staff_pages"


def _manages(request, body: Body) -> bool:
    return request.user.has_perm("networks.change_body", body)


def _meeting(request, region: Region, pk: int, *, manage: bool = False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk, body__region=region)
    get_body_for_user(request.user, region, meeting.body_id, manage=manage)
    return meeting


@staff_view(PERMISSION)
@require_GET
def index(request: HttpRequest, region: Region) -> HttpResponse:
    bodies = visible_bodies(request.user, region).select_related("area", "parent")
    my_tasks = (
        Task.objects.open()
        .owned_by(request.user)
        .filter(body__region=region)
        .select_related("body", "step", "step__recommendation")
    )
    return render(
        request,
        "networks/staff/index.html",
        {"region": region, "bodies": bodies, "my_tasks": my_tasks},
    )


def _body_context(request, region, body, **forms) -> dict:
    manages = _manages(request, body)
    now = timezone.now()
    meetings = body.meetings.all()
    context = {
        "region": region,
        "body": body,
        "manages": manages,
        "members": body.memberships.select_related("user", "organisation"),
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
        "past": meetings.filter(starts_at__lt=now).select_related("minutes"),
        "tasks": body.tasks.select_related("owner", "owner__user", "step", "step__recommendation"),
        "documents": body.documents.all(),
        "children": body.children.all(),
    }
    if manages:
        context.update(
            meeting_form=forms.get("meeting_form") or MeetingForm(),
            member_form=forms.get("member_form") or MembershipForm(body=body),
            task_form=forms.get("task_form") or TaskForm(body=body),
            document_form=forms.get("document_form") or DocumentForm(),
            status_form=TaskStatusForm(),
        )
    return context


@staff_view(PERMISSION)
@require_GET
def body_detail(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, region, pk)
    return render(request, "networks/staff/body.html", _body_context(request, region, body))


@staff_view(PERMISSION)
@require_POST
def meeting_create(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, region, pk, manage=True)
    form = MeetingForm(request.POST)
    if not form.is_valid():
        context = _body_context(request, region, body, meeting_form=form)
        return render(request, "networks/staff/body.html", context, status=400)
    form.instance.body = body
    meeting, _created = create_once(
        Meeting.objects.filter(body=body),
        form.cleaned_data.get("submission_key"),
        lambda: _save_meeting(form),
    )
    messages.success(request, _("The meeting is planned. Send the invitations when ready."))
    return redirect("networks_staff:meeting", region=region.slug, pk=meeting.pk)


def _save_meeting(form: MeetingForm) -> Meeting:
    form.instance.submission_key = form.cleaned_data.get("submission_key")
    return form.save()


@staff_view(PERMISSION)
@require_POST
def member_add(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, region, pk, manage=True)
    form = MembershipForm(request.POST, body=body)
    if not form.is_valid():
        context = _body_context(request, region, body, member_form=form)
        return render(request, "networks/staff/body.html", context, status=400)
    form.save()
    messages.success(request, _("The member was added."))
    return redirect("networks_staff:body", region=region.slug, pk=body.pk)


@staff_view(PERMISSION)
@require_POST
def task_add(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, region, pk, manage=True)
    form = TaskForm(request.POST, body=body)
    if not form.is_valid():
        context = _body_context(request, region, body, task_form=form)
        return render(request, "networks/staff/body.html", context, status=400)
    form.instance.submission_key = form.cleaned_data.get("submission_key")
    create_once(Task.objects.filter(body=body), form.instance.submission_key, form.save)
    messages.success(request, _("The task was added."))
    return redirect("networks_staff:body", region=region.slug, pk=body.pk)


@staff_view(PERMISSION)
@require_POST
def task_status(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("body"), pk=pk, body__region=region)
    get_body_for_user(request.user, region, task.body_id)
    owns = task.owner_id is not None and task.owner.user_id == request.user.pk
    if not (owns or _manages(request, task.body)):
        raise PermissionDenied
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        task.status = form.cleaned_data["status"]
        task.save(update_fields=["status"])
        messages.success(request, _("The task's status was saved."))
    else:
        messages.error(request, _("Choose a status."))
    if request.POST.get("back") == "index":
        return redirect("networks_staff:index", region=region.slug)
    return redirect("networks_staff:body", region=region.slug, pk=task.body_id)


@staff_view(PERMISSION)
@require_POST
def document_upload(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, region, pk, manage=True)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _body_context(request, region, body, document_form=form)
        return render(request, "networks/staff/body.html", context, status=400)
    upload = form.cleaned_data["file"]
    Document.objects.create(
        body=body,
        title=form.cleaned_data["title"],
        file=upload,
        content_type=upload.detected_type,
        size=upload.size,
        uploaded_by=request.user,
    )
    messages.success(request, _("The document was uploaded."))
    return redirect("networks_staff:body", region=region.slug, pk=body.pk)


@staff_view(PERMISSION)
@require_GET
def document_download(request: HttpRequest, region: Region, pk: int) -> FileResponse:
    document = get_object_or_404(Document, pk=pk, body__region=region)
    get_body_for_user(request.user, region, document.body_id)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _meeting_context(request, region, meeting, **forms) -> dict:
    body = meeting.body
    manages = _manages(request, body)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    context = {
        "region": region,
        "body": body,
        "meeting": meeting,
        "manages": manages,
        "minutes": minutes,
        "decisions": meeting.decisions.select_related(
            "step", "step__recommendation", "structural_problem"
        ).prefetch_related("tasks", "tasks__owner"),
        "attendance": meeting.attendance.select_related(
            "membership", "membership__user", "membership__organisation"
        ),
        "invitations": meeting.invitations.all(),
    }
    if manages:
        context.update(
            attendance_form=forms.get("attendance_form") or AttendanceForm(meeting=meeting),
            minutes_form=forms.get("minutes_form")
            or MinutesForm(
                initial={
                    "text": minutes.text if minutes else "",
                    "is_internal": minutes.is_internal if minutes else True,
                    "expected_version": minutes.version if minutes else None,
                }
            ),
            decision_form=forms.get("decision_form") or DecisionForm(meeting=meeting),
        )
    return context


@staff_view(PERMISSION)
@require_GET
def meeting_detail(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    meeting = _meeting(request, region, pk)
    return render(
        request, "networks/staff/meeting.html", _meeting_context(request, region, meeting)
    )


@staff_view(PERMISSION)
@require_POST
def meeting_invite_view(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    meeting = _meeting(request, region, pk, manage=True)
    if meeting.is_past:
        messages.error(request, _("This meeting has already taken place."))
        return redirect("networks_staff:meeting", region=region.slug, pk=meeting.pk)
    sent = meeting_invite(meeting=meeting, by=request.user)
    if sent:
        messages.success(
            request,
            ngettext(
                "%(count)s invitation with a calendar file is on its way.",
                "%(count)s invitations with a calendar file are on their way.",
                len(sent),
            )
            % {"count": len(sent)},
        )
    else:
        messages.error(request, _("No member has an e-mail address; nothing was sent."))
    return redirect("networks_staff:meeting", region=region.slug, pk=meeting.pk)


@staff_view(PERMISSION)
@require_POST
def attendance_view(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    meeting = _meeting(request, region, pk, manage=True)
    form = AttendanceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        context = _meeting_context(request, region, meeting, attendance_form=form)
        return render(request, "networks/staff/meeting.html", context, status=400)
    attendance_record(meeting=meeting, statuses=form.statuses())
    messages.success(request, _("The attendance was saved."))
    return redirect("networks_staff:meeting", region=region.slug, pk=meeting.pk)


@staff_view(PERMISSION)
@require_POST
def minutes_view(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    meeting = _meeting(request, region, pk, manage=True)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        context = _meeting_context(request, region, meeting, minutes_form=form)
        return render(request, "networks/staff/meeting.html", context, status=400)
    data = form.cleaned_data
    try:
        minutes_save(
            meeting=meeting,
            text=data["text"],
            is_internal=data["is_internal"],
            expected_version=data["expected_version"],
            by=request.user,
        )
    except ConflictError:
        messages.error(
            request,
            _(
                "Someone else saved these minutes after you opened them. Nothing was saved; "
                "the page now shows their text – please make your changes again."
            ),
        )
        return redirect("networks_staff:meeting", region=region.slug, pk=meeting.pk)
    messages.success(request, _("The minutes were saved."))
    return redirect("networks_staff:meeting", region=region.slug, pk=meeting.pk)


@staff_view(PERMISSION)
@require_POST
def decision_add(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    meeting = _meeting(request, region, pk, manage=True)
    form = DecisionForm(request.POST, meeting=meeting)
    if not form.is_valid():
        context = _meeting_context(request, region, meeting, decision_form=form)
        return render(request, "networks/staff/meeting.html", context, status=400)
    data = form.cleaned_data
    with transaction.atomic():
        decision_record(
            meeting=meeting,
            submission_key=data.get("submission_key"),
            text=data["text"],
            is_public=data["is_public"],
            step=data.get("step"),
            structural_problem=data.get("structural_problem"),
            task_text=data.get("task_text", ""),
            task_owner=data.get("task_owner"),
            task_due=data.get("task_due"),
        )
    messages.success(request, _("The decision was recorded."))
    return redirect("networks_staff:meeting", region=region.slug, pk=meeting.pk)
