from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from portal.access import landing_url
from portal.accounts.forms import (
    LoginForm,
    PasswordResetRequestForm,
    PasswordSetForm,
    SignupForm,
    VerificationResendForm,
)
from portal.accounts.selectors import link_valid_hours, verification_link_user
from portal.accounts.services import user_email_verify, user_signup, user_verification_resend
from portal.accounts.throttle import mail_request_allow


def _mail_request_allow(request, form) -> bool:
    """Apply the limit on mail-sending forms; when it is reached, say so on the form."""
    if mail_request_allow(request=request, email=form.cleaned_data["email"]):
        return True
    form.add_error(None, ValidationError(RATE_LIMITED_MESSAGE, code="rate_limited"))
    return False


def _status(form) -> int:
    return 429 if form.has_error(NON_FIELD_ERRORS, code="rate_limited") else 200


RATE_LIMITED_MESSAGE = _(
    "You have requested too many e-mails in a short time. For your protection, please wait an hour and then try again."
)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(landing_url(request.user))
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and _mail_request_allow(request, form):
        user_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
        )
        # Same answer whether or not the address was already registered.
        return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form}, status=_status(form))


def signup_done(request):
    return render(request, "accounts/signup_done.html", {"valid_hours": link_valid_hours()})


@require_http_methods(["GET", "POST"])
def verify(request, uidb64: str, token: str):
    # Mail scanners follow links with GET: only the button (POST) may use up the link and log in.
    if request.method == "POST":
        user = user_email_verify(uidb64=uidb64, token=token)
    else:
        user = verification_link_user(uidb64=uidb64, token=token)
    if user is None:
        return render(
            request,
            "accounts/verify_failed.html",
            {"form": VerificationResendForm(), "valid_hours": link_valid_hours()},
        )
    if request.method == "GET":
        return render(request, "accounts/verify_confirm.html")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Thank you, your e-mail address is confirmed. You are now logged in."))
    return redirect("my_cases")


@require_http_methods(["GET", "POST"])
def verification_resend(request):
    form = VerificationResendForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and _mail_request_allow(request, form):
        user_verification_resend(email=form.cleaned_data["email"])
        return redirect("accounts:signup_done")
    return render(request, "accounts/verification_resend.html", {"form": form}, status=_status(form))


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Without a "next" page everyone lands in their own area.
        return landing_url(self.request.user)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not _mail_request_allow(self.request, form):
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def login_locked_out(request, response, credentials):
    """django-axes calls this instead of the log-in view while a client is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/login_locked_out.html", {"minutes": minutes}, status=429)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = PasswordSetForm
    success_url = reverse_lazy("accounts:password_reset_complete")
