"""A person's home in a region ("Mein Arbeitsplatz"), her password, and the people page
of those who invite and deactivate accounts. Routed at /<region>/intern/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ankommen.accounts.forms import InvitationForm
from ankommen.accounts.services import (
    Invitation,
    deactivate,
    invitable_roles,
    invite,
    manageable_people,
    may_deactivate,
)
from ankommen.core.actor import Actor
from ankommen.core.models import Region, User
from ankommen.core.modules import modules_with, staff_modules, staff_tasks
from ankommen.core.permissions import scope_of
from ankommen.core.routing import second_factor_response, staff_view


def _asks_second_factor(user, region: Region) -> bool:
    return any(
        config.second_factor_home(user, region) for config in modules_with("second_factor_home")
    )


@staff_view("core.use_workspace")
@require_GET
def home(request: HttpRequest, region: Region) -> HttpResponse:
    """The person's modules and what waits for her in each. Whoever a module asks for a
    second factor in this region confirms it first: the tasks name case data."""
    if _asks_second_factor(request.user, region):
        pending = second_factor_response(request, region)
        if pending is not None:
            return pending
    return render(
        request,
        "accounts/home.html",
        {
            "region": region,
            "modules": staff_modules(request.user, region),
            "tasks": staff_tasks(request.user, region),
            "uses_admin": scope_of(request.user).has_staff_access,
            "other_regions": Region.objects.filter(pk__in=scope_of(request.user).region_ids)
            .exclude(pk=region.pk)
            .order_by("name"),
        },
    )


@staff_view("core.use_workspace")
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest, region: Region) -> HttpResponse:
    """Her own password, with the old one; she stays signed in."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:home", region=region.slug)
    return render(request, "accounts/password_change.html", {"region": region, "form": form})


def _inviting_roles(request: HttpRequest, region: Region) -> list[str]:
    roles = invitable_roles(request.user, region)
    if not roles:
        raise PermissionDenied(_("You do not manage accounts in this region."))
    return roles


@staff_view("core.use_workspace")
@require_GET
def people(request: HttpRequest, region: Region) -> HttpResponse:
    """The accounts she manages in the region, to deactivate, and the invitation form."""
    roles = _inviting_roles(request, region)
    return render(
        request,
        "accounts/people.html",
        {
            "region": region,
            "people": manageable_people(request.user, region),
            "form": InvitationForm(region=region, roles=roles),
        },
    )


@staff_view("core.use_workspace")
@require_http_methods(["POST"])
def invitation(request: HttpRequest, region: Region) -> HttpResponse:
    roles = _inviting_roles(request, region)
    form = InvitationForm(request.POST, region=region, roles=roles)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = invite(
                Actor.from_request(request),
                Invitation(
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    role=data["role"],
                    region=region,
                    area=data["area"],
                    organisation=data["organisation"],
                    team=data["team"],
                ),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        except PermissionDenied as error:
            form.add_error("role", str(error))
        else:
            messages.success(
                request,
                _("%(email)s is invited; the link in the e-mail works once, for 24 hours.")
                % {"email": user.email},
            )
            return redirect("accounts:people", region=region.slug)
    return render(
        request,
        "accounts/people.html",
        {"region": region, "people": manageable_people(request.user, region), "form": form},
        status=400,
    )


@staff_view("core.use_workspace")
@require_http_methods(["GET", "POST"])
def deactivation(request: HttpRequest, region: Region, pk: int) -> HttpResponse:
    """Asks once more, then closes the account."""
    subject = User.objects.filter(pk=pk, role_assignments__region=region).distinct().first()
    if subject is None or not may_deactivate(request.user, subject):
        raise Http404(_("No such account, or it is not yours to manage."))
    if request.method == "POST":
        deactivate(Actor.from_request(request), subject)
        messages.success(
            request, _("The account of %(name)s is deactivated.") % {"name": _name(subject)}
        )
        return redirect("accounts:people", region=region.slug)
    return render(request, "accounts/deactivate.html", {"region": region, "subject": subject})


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()
