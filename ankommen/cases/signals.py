"""Logins and failed logins go to the case audit log too (the concept asks for them next to
the case reads); no password or other credential is ever written."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from ankommen.cases.access import audit
from ankommen.cases.history import record_set_change
from ankommen.cases.models import AuditEntry, Case, Client


@receiver(user_logged_in, dispatch_uid="cases_audit_login")
def _logged_in(sender, request, user, **kwargs):
    if request is not None:
        audit(request, AuditEntry.Action.LOGIN, user=user, result="login")


@receiver(user_logged_out, dispatch_uid="cases_audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if request is not None and user is not None:
        audit(request, AuditEntry.Action.LOGIN, user=user, result="logout")


@receiver(user_login_failed, dispatch_uid="cases_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit(request, AuditEntry.Action.LOGIN, result="failed", attempted_username=username)


# The sets among the tracked fields: their changes go to the field history too.
@receiver(m2m_changed, sender=Case.legal_domains.through, dispatch_uid="cases_history_domains")
def _legal_domains_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        record_set_change(instance, "legal_domains", action, pk_set)


@receiver(m2m_changed, sender=Client.languages.through, dispatch_uid="cases_history_languages")
def _languages_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        record_set_change(instance, "languages", action, pk_set)
