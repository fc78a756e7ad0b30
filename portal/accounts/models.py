from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FOUNDER = "founder", _("Founder")
    CLERK = "clerk", _("Clerk")
    SUPERVISOR = "supervisor", _("Supervisor")
    ANALYST = "analyst", _("Economic development analyst")
    ADMIN = "admin", _("Administrator")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.ADMIN, email_verified_at=timezone.now())
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person using the portal; the e-mail address is the login."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.FOUNDER)
    departments = models.ManyToManyField(
        "catalog.Department", blank=True, related_name="staff", verbose_name=_("departments")
    )
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    privacy_accepted_at = models.DateTimeField(_("privacy notice accepted at"), null=True, blank=True)
    # The language the person last used the portal in: mails about their cases are written in it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None
