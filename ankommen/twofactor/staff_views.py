"""The page that asks for the authenticator code, and the one-time enrolment link's page.
Both live in a region's staff area (/<region>/intern/faelle/zwei-faktor/, the address they
had in the case module) and open only for someone a module asks a second factor of there
(hook `second_factor_home`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ankommen.core import throttle
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry, Region
from ankommen.twofactor.enrolment import (
    SESSION_ENROLMENT,
    open_enrolment_link,
    pending_enrolment,
)
from ankommen.twofactor.forms import TOTPForm
from ankommen.twofactor.models import TOTPDevice
from ankommen.twofactor.policy import second_factor_home
from ankommen.twofactor.qr import qr_svg
from ankommen.twofactor.recovery import (
    confirm_recovery_codes,
    looks_like_recovery_code,
    pending_recovery_codes,
    remaining_recovery_codes,
    use_recovery_code,
)
from ankommen.twofactor.session import mark_verified, verify_url

A = AuditEntry.Action


def _home(user, region: Region) -> str | None:
    """Where the person lands after confirming the code (None: the page is not hers)."""
    return second_factor_home(user, region)


def _next(request: HttpRequest, home: str) -> str:
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return home
    return target


def _region_for(request: HttpRequest, actor: Actor, slug: str) -> tuple[Region, str]:
    region = get_object_or_404(Region, slug=slug)
    home = _home(request.user, region)
    if home is None:
        audit(actor, A.DENIED, reason="no case role in region")
        raise Http404(_("No such page."))
    return region, home


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, region: str) -> HttpResponse:
    """Confirm the authenticator code for this session; the first time, only after the
    person opened her enrolment link (see enrolment.py)."""
    actor = Actor.from_request(request)
    region_obj, home = _region_for(request, actor, region)
    device = TOTPDevice.objects.filter(user=request.user).first()
    enrolling = pending_enrolment(device, request.session)
    if device is None or (device.confirmed_at is None and not enrolling):
        # Nobody gets a key by signing in with the password alone.
        return render(
            request, "twofactor/two_factor.html", {"region": region_obj, "no_device": True}
        )
    form = TOTPForm(request.POST or None)
    limits = throttle.second_factor_limits(request.user.pk, actor.address)
    locked = throttle.locked_until(limits) if request.method == "POST" else None
    if locked is not None:
        audit(actor, A.TWO_FACTOR, result="locked")
        # Refused before the code is looked at: the right code does not help either.
        form.is_valid()
        form.add_error(
            None,
            _("Too many wrong codes. You can try again at %(time)s.")
            % {"time": date_format(timezone.localtime(locked), "H:i")},
        )
    elif request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        new_device = device.confirmed_at is None
        if looks_like_recovery_code(code):
            # Recovery codes stand in for a confirmed authenticator only.
            accepted = not new_device and use_recovery_code(request.user, code)
            result = "verified with a recovery code"
        else:
            accepted, result = device.verify_token(code), "verified"
        if accepted:
            request.session.pop(SESSION_ENROLMENT, None)
            request.session.cycle_key()
            mark_verified(request.session, request.user)
            audit(actor, A.TWO_FACTOR, result=result)
            if new_device:
                confirm_recovery_codes(request.user)
            return redirect(_next(request, home))
        throttle.count_failure(limits, minutes=throttle.second_factor_lock_minutes())
        audit(actor, A.TWO_FACTOR, result="wrong code")
        form.add_error("code", _("The code is not correct or has been used already."))
    uri = device.provisioning_uri(request.user.get_username()) if enrolling else ""
    return render(
        request,
        "twofactor/two_factor.html",
        {
            "region": region_obj,
            "form": form,
            "setup": enrolling,
            "secret": device.secret if enrolling else "",
            "uri": uri,
            "qr": qr_svg(uri) if enrolling else "",
            "recovery_codes": pending_recovery_codes(request.user) if enrolling else [],
            "recovery_codes_left": None if enrolling else remaining_recovery_codes(request.user),
        },
    )


@login_required
@require_GET
def enrol(request: HttpRequest, region: str, token: str) -> HttpResponse:
    """The one-time link: opened by its person, it lets this session see her new key."""
    actor = Actor.from_request(request)
    region_obj, _home_page = _region_for(request, actor, region)
    nonce = open_enrolment_link(request.user, token)
    if nonce is None:
        audit(actor, A.TWO_FACTOR, result="enrolment link refused")
        messages.error(
            request,
            _(
                "This link to set up your authenticator is not valid for you, has expired "
                "or has been used already. Ask your team lead for a new one."
            ),
        )
    else:
        request.session[SESSION_ENROLMENT] = nonce
        audit(actor, A.TWO_FACTOR, result="enrolment link opened")
    return redirect(verify_url(region_obj))
