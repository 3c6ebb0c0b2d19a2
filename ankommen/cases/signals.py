"""The field history of the sets among the tracked fields (the audit of logins is in
ankommen/core/audit.py)."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from ankommen.cases.history import record_set_change
from ankommen.cases.models import Case, Client


# The sets among the tracked fields: their changes go to the field history too.
@receiver(m2m_changed, sender=Case.legal_domains.through, dispatch_uid="cases_history_domains")
def _legal_domains_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        record_set_change(instance, "legal_domains", action, pk_set)


@receiver(m2m_changed, sender=Client.languages.through, dispatch_uid="cases_history_languages")
def _languages_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        record_set_change(instance, "languages", action, pk_set)
