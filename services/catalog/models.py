from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from services.guide.models import conditions_validate


class Department(models.Model):
    """A Fachbereich or Amt of the city that decides cases."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent_name = models.CharField(_("part of"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # An inactive department (closed, merged) takes no new cases: no routing rule or re-route may target it.
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A municipal service (Leistung) a founder can apply for."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    leika_key = models.CharField(_("LeiKa key"), max_length=14, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    # The rule the receipt names: for a notification (``notification``) the rule it confirms the
    # notification under ("§ 15 Abs. 1 GewO", the Empfangsbescheinigung of every Gewerbeanzeige), for
    # an application the rule it is made under ("§ 2 Abs. 1 GastG"); empty: the receipt confirms
    # only that the application arrived.
    receipt_basis = models.CharField(_("legal basis of the receipt"), max_length=100, blank=True)
    notification = models.BooleanField(
        _("a notification (Anzeige), not an application"),
        default=False,
        help_text=_("A notification is confirmed, an application (Antrag) for a permit is decided."),
    )
    reference_prefix = models.CharField(_("reference prefix"), max_length=6, unique=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="services", verbose_name=_("responsible department")
    )
    processing_days = models.PositiveSmallIntegerField(_("processing time in working days"))
    fee_cents = models.PositiveIntegerField(_("fee in cent"), default=0)
    fee_note = models.CharField(_("fee note"), max_length=200, blank=True)
    # A usage fee on top of ``fee_cents`` for each m² and each started month the founder applies for
    # (the Sondernutzungsgebühr of the street-use bylaw); 0 where the service has none.
    area_rate_cents = models.PositiveIntegerField(_("usage fee per m² and month in cent"), default=0)
    online = models.BooleanField(_("available online"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name

    @property
    def fee_euros(self) -> float:
        return self.fee_cents / 100

    @property
    def area_rate_euros(self) -> float:
        return self.area_rate_cents / 100


class DocumentRequirement(models.Model):
    """A document a service asks for, always or when a condition holds."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="documents")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    required = models.BooleanField(_("always required"), default=False)
    condition = models.CharField(_("required when"), max_length=200, blank=True)
    # The founding guide's answers for which a conditional document is listed on the checklist, in the
    # vocabulary of ``services.guide.questions`` (e.g. {"craft": ["yes"]}); empty: always listed.
    guide_conditions = models.JSONField(
        _("listed in the founding guide when"),
        default=dict,
        blank=True,
        help_text=_(
            "Question codes of the founding guide with the answers for which the document is listed, e.g. "
            '{"craft": ["yes"]}. Empty: listed for every answer.'
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="unique_document_per_service")]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            conditions_validate(self.guide_conditions)
        except ValidationError as error:
            raise ValidationError({"guide_conditions": error}) from error


class District(models.Model):
    """A city district (Stadtbezirk), as the agency's figures count businesses by it: each postcode of
    the city is given to the district that holds most of it (``DistrictPostcode``). Names are city data."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("city district")
        verbose_name_plural = _("city districts")

    def __str__(self) -> str:
        return self.name


class DistrictPostcode(models.Model):
    """A postcode and the one district it is counted to. A change counts the cases written afterwards
    (a case's district is read when its figures are written; ``refresh_case_figures`` recounts all)."""

    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("Enter a postcode of five digits."))],
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="postcodes", verbose_name=_("city district")
    )

    class Meta:
        ordering = ["postcode"]
        verbose_name = _("postcode of a district")
        verbose_name_plural = _("postcodes of the district")

    def __str__(self) -> str:
        return self.postcode
