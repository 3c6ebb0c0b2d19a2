"""Sign-in through the directory: the OpenID Connect callback (mozilla-django-oidc's, which
refuses an account without a role here) and the LDAP / Active Directory form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from ankommen.core import throttle
from ankommen.core.actor import Actor
from ankommen.core.audit import audit
from ankommen.core.models import AuditEntry
from ankommen.signon.backends import DirectoryBackend
from ankommen.signon.roles import has_any_role

DIRECTORY_BACKEND = "ankommen.signon.backends.DirectoryBackend"


def no_role(request: HttpRequest, user, source: str) -> HttpResponse:
    """The person is known to the directory, but none of her groups gives a role here: a
    clear page, and she stays signed out."""
    audit(Actor.from_request(request), AuditEntry.Action.DENIED, reason=f"{source}: no role")
    return render(request, "signon/no_role.html", {"username": user.get_username()}, status=403)


class SignOnCallbackView(OIDCAuthenticationCallbackView):
    """mozilla-django-oidc's callback; an account whose groups map to no role is not
    signed in (setting OIDC_CALLBACK_CLASS)."""

    def login_success(self):
        if not has_any_role(self.user):
            return no_role(self.request, self.user, "oidc")
        return super().login_success()


class DirectoryLoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("user name"), max_length=150)
    password = forms.CharField(label=gettext_lazy("password"), widget=forms.PasswordInput)


@require_http_methods(["GET", "HEAD", "POST"])
def directory_login(request: HttpRequest) -> HttpResponse:
    """Sign-in with the directory's (LDAP / Active Directory) user name and password;
    failures are throttled like every password sign-in (core/throttle.py)."""
    if not getattr(settings, "AUTH_LDAP_SERVER_URI", ""):
        raise Http404(_("No such page."))
    form = DirectoryLoginForm(request.POST or None)
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        limits = throttle.login_limits(username, Actor.from_request(request).address)
        locked = throttle.locked_until(limits)
        if locked is not None:
            form.add_error(
                None,
                _("Too many failed sign-ins. You can try again at %(time)s.")
                % {"time": date_format(timezone.localtime(locked), "H:i")},
            )
        else:
            user = DirectoryBackend().authenticate(
                request, username=username, password=form.cleaned_data["password"]
            )
            if user is None or not user.is_active:
                throttle.count_failure(limits, minutes=throttle.login_lock_minutes())
                form.add_error(None, _("User name or password is not correct."))
            elif not has_any_role(user):
                return no_role(request, user, "ldap")
            else:
                login(request, user, backend=DIRECTORY_BACKEND)
                return redirect(target)
    return render(request, "signon/directory_login.html", {"form": form})
