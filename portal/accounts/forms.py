from typing import ClassVar

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm, SetPasswordMixin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.accounts.services import email_normalize, user_password_reset_complete, user_password_reset_send
from services.cases.text import text_neutralise


def _password_help_text() -> str:
    # Plain sentences instead of Django's <ul>: the field include puts help text into a <p>.
    return " ".join(password_validation.password_validators_help_texts())


def _email_field(*, autofocus: bool = False, **kwargs) -> forms.EmailField:
    attrs = {"autocomplete": "email", **({"autofocus": True} if autofocus else {})}
    return forms.EmailField(label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs=attrs), **kwargs)


class SignupForm(SetPasswordMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Your first name and surname."),
    )
    email = _email_field(help_text=_("You log in with this address. We send you a link to confirm it."))
    password1, password2 = SetPasswordMixin.create_password_fields()
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data are processed to run my account"),
        error_messages={"required": _("Please agree to the privacy notice to create an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = _password_help_text()

    def clean_email(self) -> str:
        return email_normalize(self.cleaned_data["email"])

    def clean_full_name(self) -> str:
        name = " ".join(text_neutralise(self.cleaned_data["full_name"]).split())
        if not name:
            raise ValidationError(self.fields["full_name"].error_messages["required"], code="required")
        return name

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords()
        # An unsaved user lets the similarity validator compare the password with the address entered.
        self.validate_password_for_user(
            User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", "")),
            password_field_name="password1",
        )
        return cleaned


class VerificationConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("The password you chose when you registered."),
    )


class VerificationResendForm(forms.Form):
    email = _email_field()


class LoginForm(AuthenticationForm):
    username = _email_field(autofocus=True)

    error_messages: ClassVar[dict[str, str]] = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not correct."),
        "unverified": _(
            "Your e-mail address is not confirmed yet. Please follow the link in the e-mail we sent you "
            "when you registered."
        ),
    }

    def clean_username(self) -> str:
        return email_normalize(self.cleaned_data["username"])

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not user.is_email_verified:
            raise ValidationError(self.error_messages["unverified"], code="unverified")

    @property
    def is_unverified(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, code="unverified")


class PasswordResetRequestForm(PasswordResetForm):
    email = _email_field()

    def save(self, **kwargs) -> None:
        """Mail a reset link to the matching account, if any (Django's view options are not needed).

        Without one the same work is queued, so the answer does not tell whether the address is registered."""
        users = list(self.get_users(self.cleaned_data["email"]))
        user_password_reset_send(user=users[0] if users else None)


class PasswordSetForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _password_help_text()

    def save(self, commit: bool = True) -> User:
        return user_password_reset_complete(user=self.user, password=self.cleaned_data["new_password1"])
