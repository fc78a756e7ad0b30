from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from services.guide.questions import QUESTIONS


def conditions_validate(value) -> None:
    """A rule's conditions: {question code: [answer codes]}; every question must have one of its
    listed answers (empty: the entry is on every checklist)."""
    if not isinstance(value, dict):
        raise ValidationError(_("Write the conditions as an object of question codes, each with a list of answers."))
    for code, answers in value.items():
        question = QUESTIONS.get(code)
        if question is None:
            raise ValidationError(
                _("Unknown question “%(code)s”; known are: %(known)s."),
                params={"code": code, "known": ", ".join(QUESTIONS)},
            )
        if not isinstance(answers, list) or not answers or not set(answers) <= question.answer_codes:
            raise ValidationError(
                _("The question “%(code)s” needs a list of its answers: %(known)s."),
                params={"code": code, "known": ", ".join(sorted(question.answer_codes))},
            )


class GuideRule(models.Model):
    """One entry of the founding guide's checklist and the answers it appears for.

    An entry is either an application filed here (``service``: its fee, processing time and
    documents come from the catalog) or a step elsewhere (``title``, ``where``, ``link_url``).
    Loaded with the catalog (``load_catalog``) and edited by admins; loading again adds missing
    entries and leaves edited ones alone.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guide_rules",
        verbose_name=_("application filed here"),
    )
    title = models.CharField(_("title of a step elsewhere"), max_length=200, blank=True)
    where = models.CharField(_("where"), max_length=200, blank=True)
    explanation = models.TextField(_("explanation"))
    link_url = models.URLField(_("link"), blank=True)
    conditions = models.JSONField(
        _("shown when"),
        default=dict,
        blank=True,
        help_text=_(
            'Question codes with the answers for which the entry is shown, e.g. {"alcohol": ["yes"]}; every '
            "question listed must match. Empty: always shown."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service__isnull=False) | ~models.Q(title=""), name="guide_rule_service_or_title"
            )
        ]
        verbose_name = _("checklist rule")
        verbose_name_plural = _("checklist rules")

    def __str__(self) -> str:
        return self.title or str(self.service)

    def clean(self) -> None:
        # In clean(), not as a field validator: validators skip "empty" values such as [].
        try:
            conditions_validate(self.conditions)
        except ValidationError as error:
            raise ValidationError({"conditions": error}) from error
        if self.service_id is None and not self.title:
            raise ValidationError({"title": _("Choose an application filed here, or give the step elsewhere a title.")})
