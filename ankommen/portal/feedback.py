"""Messages from the accessibility statement's feedback form (BITV 2.0 § 7): stored once
per sending of the form, listed on the editors' page and mailed (through the outbox, after
the transaction commits) to the people who edit the region's statement."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ankommen.core.links import absolute_url
from ankommen.core.models import Language, Region, Role, User
from ankommen.core.once import create_once
from ankommen.outbox.mail import queue_mail
from ankommen.portal.models import AccessibilityFeedback


def feedback_recipients(region: Region) -> list[str]:
    """The e-mail addresses of the region's KI coordinators: they edit the region-wide
    pages, the accessibility statement among them."""
    return sorted(
        User.objects.filter(
            is_active=True,
            role_assignments__region=region,
            role_assignments__role=Role.KI_COORDINATOR,
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


@transaction.atomic
def send_accessibility_feedback(
    form, *, region: Region, language: Language
) -> AccessibilityFeedback:
    """Stores the message of a valid `AccessibilityFeedbackForm` and queues the mail to the
    editors, both in one transaction; a form sent twice stores and mails once."""

    def create() -> AccessibilityFeedback:
        feedback = form.save(commit=False)
        feedback.region = region
        feedback.language = language
        feedback.submission_key = form.cleaned_data.get("submission_key")
        feedback.save()
        _mail(feedback)
        return feedback

    queryset = AccessibilityFeedback.objects.filter(region=region)
    feedback, _created = create_once(queryset, form.cleaned_data.get("submission_key"), create)
    return feedback


def _mail(feedback: AccessibilityFeedback) -> None:
    link = absolute_url(reverse("portal_staff:feedback", kwargs={"region": feedback.region.slug}))
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Accessibility feedback for %(region)s") % {"region": feedback.region.name}
        body = _(
            "Someone sent a message through the accessibility statement "
            "(language: %(language)s).\n\n"
            "Page concerned: %(address)s\n"
            "Name: %(name)s\n"
            "E-mail address: %(email)s\n\n"
            "%(message)s\n\n"
            "All messages: %(link)s"
        ) % {
            "language": feedback.language.code,
            "address": feedback.address or "–",
            "name": feedback.name or "–",
            "email": feedback.email or "–",
            "message": feedback.message,
            "link": link,
        }
    queue_mail(
        subject,
        body,
        None,
        feedback_recipients(feedback.region),
        reply_to=[feedback.email] if feedback.email else None,
    )
