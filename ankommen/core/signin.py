"""Signing in with a password, the same rules on every page that asks for it (the sign-in
page of ankommen/accounts and the admin's own login form).

Failed passwords are counted per account and per client address in the database
(`core.throttle.login_limits`), so every worker sees them; a locked account or address is
refused before the password is checked, and the person is told when she can try again. A
correct password of an account that may not sign in here (no role, or the admin for a
volunteer) is refused with its own message and is not counted as a failure: it is no
guess. The form authenticates through `django.contrib.auth.authenticate`, so any further
authentication backend (LDAP, ...) plugs in without changes here.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ankommen.core import throttle
from ankommen.core.net import client_address
from ankommen.core.permissions import scope_of

# The codes of the refusals that are not a wrong password, and so are not counted.
NOT_COUNTED = {"no_role", "not_staff", "inactive"}


def unlock_time(until: datetime) -> str:
    """The local time (and the date, if not today) at which a lock ends."""
    local = timezone.localtime(until)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "SHORT_DATETIME_FORMAT")


def has_any_role(user) -> bool:
    """Signs in at all: the installation admin and everybody with a role in some region
    (staff and volunteers)."""
    scope = scope_of(user)
    return scope.is_admin or bool(scope.region_ids)


class SignInForm(AuthenticationForm):
    """Django's AuthenticationForm with the shared login throttle."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or the password is not correct. Both are case-sensitive."
        ),
        "throttled": _(
            "Too many failed sign-in attempts for this account or from this address. "
            "You can try again at %(time)s."
        ),
        "no_role": _(
            "Your password is correct, but your account has no role in any region yet. "
            "Ask the person who manages accounts in your region to give you one."
        ),
    }

    def clean(self):
        username = str(self.data.get("username", ""))
        limits = throttle.login_limits(username, client_address(self.request))
        until = throttle.locked_until(limits)
        if until is not None:
            # Refused before the password is even checked: no guess gets through. Told as
            # a failed login, so that the logs that record those see it too.
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=self.request
            )
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"time": unlock_time(until)},
            )
        try:
            return super().clean()
        except ValidationError as error:
            codes = {getattr(e, "code", None) for e in error.error_list}
            if not codes & NOT_COUNTED:
                throttle.count_failure(limits, minutes=throttle.login_lock_minutes())
            raise

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if not has_any_role(user):
            raise ValidationError(self.error_messages["no_role"], code="no_role")
