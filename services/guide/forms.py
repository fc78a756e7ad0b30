from django import forms

from services.guide.questions import QUESTIONS, SECTIONS


class GuideForm(forms.Form):
    """The questionnaire: one required radio question per ``Question``, none answered in advance."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS.values():
            self.fields[question.code] = forms.ChoiceField(
                label=question.label,
                choices=question.choices,
                widget=forms.RadioSelect,
                help_text=question.help_text,
                error_messages={"required": question.required_message, "invalid_choice": question.required_message},
            )

    def sections(self):
        """(title, bound fields) per section, in the order of ``SECTIONS``."""
        return [(title, [self[question.code] for question in questions]) for title, questions in SECTIONS]
