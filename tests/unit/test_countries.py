from django.utils import translation

from forms.steps.countries import GERMANY, STATELESS, country_choices


def test_choices_follow_the_active_language_although_each_list_is_built_once():
    with translation.override("de"):
        german = country_choices()
    with translation.override("en"):
        english = country_choices()
    with translation.override("de"):
        assert country_choices() == german

    assert german[0] == (GERMANY, "Deutschland") and english[0] == (GERMANY, "Germany")
    names = [name for _code, name in german]
    assert names.index("Afghanistan") < names.index("Ägypten") < names.index("Albanien")
    assert ("EG", "Egypt") in english


def test_stateless_comes_last_only_where_asked_for():
    with translation.override("en"):
        assert country_choices(stateless=True)[-1] == (STATELESS, "stateless")
        assert STATELESS not in dict(country_choices())


def test_a_caller_changing_its_list_does_not_change_the_next_one():
    with translation.override("en"):
        country_choices().clear()
        assert len(country_choices()) > 190
