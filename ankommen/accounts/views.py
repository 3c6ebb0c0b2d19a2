"""The one sign-in page for every person, sign-out, and the password pages that need no
region: forgotten password and the one-time link (also the invitation's)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from ankommen.accounts.forms import ResetForm
from ankommen.accounts.services import home_region
from ankommen.core.modules import modules_with
from ankommen.core.routing import SESSION_STAFF_SEEN
from ankommen.core.signin import SignInForm


def home_url(user) -> str:
    """Where a person lands after signing in: her home page in her first region."""
    region = home_region(user)
    if region is None:
        return resolve_url("home")
    return reverse("accounts:home", kwargs={"region": region.slug})


class SignInView(auth_views.LoginView):
    """Django's LoginView with the shared throttle (`core.signin.SignInForm`). Further ways
    to sign in are added by the modules through the hook `sign_in_options(request)`, each a
    (label, url) pair shown below the form."""

    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = False

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new sign-in starts a new stretch of activity (core.routing).
        self.request.session.pop(SESSION_STAFF_SEEN, None)
        return response

    def get_success_url(self) -> str:
        target = self.get_redirect_url()
        return target or home_url(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        options = []
        for config in modules_with("sign_in_options"):
            options.extend(config.sign_in_options(self.request))
        context["sign_in_options"] = options
        if self.request.user.is_authenticated:
            context["signed_in_home"] = home_url(self.request.user)
        return context


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView): a link or an image cannot sign anybody out."""

    next_page = reverse_lazy("accounts:sign_in")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are signed out."))
        return response


class ForgottenPasswordView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/password_forgotten.html"
    email_template_name = "accounts/mail/reset.txt"
    subject_template_name = "accounts/mail/reset_subject.txt"
    success_url = reverse_lazy("accounts:password_forgotten_sent")

    def get_extra_email_context(self):
        # Links in mail start with the configured public address (core/links.py).
        return {"base_url": settings.ANKOMMEN_BASE_URL.rstrip("/")}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class ForgottenPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_forgotten_sent.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link of an invitation or a reset: works once, for 24 hours."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:password_set_done")


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_set_done.html"
