"""Valid answers for the Sondernutzungserlaubnis, the Gaststättenerlaubnis and the Reisegewerbekarte,
as their wizards' forms post them.

``sondernutzung_post_data(step, ...)``, ``gaststaettenerlaubnis_post_data(step, ...)`` and
``reisegewerbekarte_post_data(step, ...)`` give a
step's POST (field names prefixed with the step, "application-current_step", dates as day, month
and year, uploads as PDF files); ``overrides`` replace fields (unprefixed names, None drops one).
"""

from datetime import date, timedelta

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forms.applications.base import Application, answers_from_form
from forms.steps.fields import DATE_PARTS, DatePartsWidget
from forms.steps.legal_forms import legal_form_get
from tests.sample_files import pdf_bytes, photo_bytes


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def step_post(step: str, fields: dict, overrides: dict | None = None) -> dict:
    """A wizard step's POST: fields prefixed with the step, a date typed as day, month and year."""
    fields = {**fields, **(overrides or {})}
    data = {"application-current_step": step}
    for name, value in fields.items():
        if isinstance(value, date):
            data.update({f"{step}-{name}_{part}": str(getattr(value, part)) for part in DATE_PARTS})
        elif value is not None:
            data[f"{step}-{name}"] = value
    return data


def _sondernutzung_fields(step: str, *, season: bool, other_property: bool) -> dict:
    today = timezone.localdate()
    if step == "applicant":
        return {
            "company_name": "Rheinblick GmbH",
            "surname": "Schmidt",
            "given_names": "Anna",
            "street": "Dionysiusstraße",
            "house_number": "10",
            "postcode": "47798",
            "city": "Krefeld",
            "phone": "02151 123456",
            "email": "anna.schmidt@example.org",
        }
    if step == "location":
        return {
            "trade_name": "Café Rheinblick",
            "street": "Ostwall",
            "house_number": "104",
            "postcode": "47798",
            "place": "pavement",
            "position": "Entlang der Schaufensterfront, 2,5 m tief und 6 m breit",
            "free_width": "2.0",
            "other_property": "yes" if other_property else "no",
        }
    if step == "area":
        return {"area_m2": "15", "tables": "4", "chairs": "16", "furniture": "Zwei Sonnenschirme"}
    if step == "period":
        if season:
            return {"period_kind": "season", "season_year": str(today.year + 1)}
        # Two whole calendar months: two started months on any day the test runs (60 days would be
        # three where February falls in them).
        first = (today.replace(day=1) + timedelta(days=62)).replace(day=1)
        last = (first + timedelta(days=62)).replace(day=1) - timedelta(days=1)
        return {"period_kind": "period", "start_date": first, "end_date": last}
    if step == "documents":
        data = {
            "site_plan": _pdf("lageplan.pdf"),
            "furniture": _pdf("moeblierung.pdf"),
            "business_permit": _pdf("gewerbeanmeldung.pdf"),
            "identity": _pdf("ausweis.pdf"),
        }
        if other_property:
            data["neighbour_consent"] = _pdf("zustimmung.pdf")
        return data
    if step == "review":
        return {"declaration": "on"}
    raise ValueError(f"The Sondernutzungserlaubnis has no step {step!r}.")


def sondernutzung_post_data(
    step: str, *, season: bool = True, other_property: bool = False, overrides: dict | None = None
) -> dict:
    return step_post(step, _sondernutzung_fields(step, season=season, other_property=other_property), overrides)


_PERSONS = [("Schmidt", "Anna", "female", date(1985, 4, 12)), ("Yılmaz", "Mehmet", "male", date(1979, 11, 3))]


def _gaststaette_fields(step: str, *, legal_form: str, rooms: int, was_restaurant: bool) -> dict:
    form = legal_form_get(legal_form)
    count = form.min_persons
    if step == "operator":
        return {"legal_form": legal_form}
    if step == "register":
        return {
            "company_name": "Rheinblick " + (form.name_markers[0] if form.name_markers else "GbR"),
            "register_court": "Krefeld" if form.register_type else "",
            "register_type": form.register_type or "",
            "register_number": "12345" if form.register_type else "",
        }
    if step == "persons":
        data = {"TOTAL_FORMS": str(count), "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}
        for index in range(count):
            surname, given, sex, born = _PERSONS[index % len(_PERSONS)]
            person = {
                "surname": surname,
                "given_names": given,
                "sex": sex,
                "nationality": "DE",
                "date_of_birth": born,
                "place_of_birth": "Krefeld",
                "birth_country": "DE",
                "street": "Dionysiusstraße",
                "house_number": str(10 + index),
                "postcode": "47798",
                "city": "Krefeld",
                "country": "DE",
                "phone": "02151 123456",
                "email": f"person{index}@example.org",
            }
            data.update({f"{index}-{name}": value for name, value in person.items()})
        return data
    if step == "premises":
        data = {
            "trade_name": "Café Rheinblick",
            "street": "Ostwall",
            "house_number": "104",
            "postcode": "47798",
            "was_restaurant": "yes" if was_restaurant else "no",
            "floor_plan": _pdf("grundriss.pdf"),
            "lease": _pdf("mietvertrag.pdf"),
        }
        if not was_restaurant:
            data["building_permit"] = _pdf("baugenehmigung.pdf")
        return data
    if step == "rooms":
        data = {"TOTAL_FORMS": str(rooms), "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}
        for index, (name, area, seats) in enumerate([("Gastraum", "45", "30"), ("Küche", "12.5", "0")][:rooms]):
            data.update({f"{index}-name": name, f"{index}-area_m2": area, f"{index}-seats": seats})
        return data
    if step == "establishment":
        return {
            "kind": "cafe",
            "alcohol": "beer_wine",
            "start_date": timezone.localdate() + timedelta(days=60),
            "opening_hours": "Mo–Fr 8:00–20:00, Sa 9:00–22:00, So geschlossen",
            "music": "no",
        }
    if step == "reliability":
        data = {"food_hygiene": _pdf("unterrichtung.pdf"), "tax_certificate": _pdf("steuern.pdf")}
        for index in range(count):
            data.update(
                {
                    f"identity_{index}": _pdf("ausweis.pdf"),
                    f"conduct_{index}": _pdf("fuehrungszeugnis.pdf"),
                    f"trade_register_{index}": _pdf("gzr.pdf"),
                }
            )
        return data
    if step == "review":
        return {"declaration": "on"}
    raise ValueError(f"The Gaststättenerlaubnis has no step {step!r}.")


def gaststaettenerlaubnis_post_data(
    step: str,
    *,
    legal_form: str = "einzelunternehmen",
    rooms: int = 2,
    was_restaurant: bool = True,
    overrides: dict | None = None,
) -> dict:
    fields = _gaststaette_fields(step, legal_form=legal_form, rooms=rooms, was_restaurant=was_restaurant)
    return step_post(step, fields, overrides)


def _reisegewerbe_fields(step: str, *, nationality: str, activities: list[str]) -> dict:
    if step == "applicant":
        return {
            "surname": "Kaya",
            "given_names": "Deniz",
            "sex": "diverse",
            "date_of_birth": date(1990, 6, 1),
            "place_of_birth": "Duisburg",
            "birth_country": "DE",
            "nationality": nationality,
            "street": "Rheinstraße",
            "house_number": "5",
            "postcode": "47799",
            "city": "Krefeld",
            "country": "DE",
            "email": "deniz.kaya@example.org",
        }
    if step == "residence":
        return {
            "p0_title_kind": "settlement_permit",
            "p0_authority_office": "city",
            "p0_issue_date": date(2020, 1, 15),
            "p0_self_employment": "yes",
            "p0_document": _pdf("aufenthaltstitel.pdf"),
        }
    if step == "activity":
        return {
            "activities": activities,
            "goods": "Obst und Gemüse aus eigenem Anbau",
            "services": "Scherenschleifen",
            "entertainment": "Kinderkarussell",
            "places": ["markets", "vehicle"],
            "start_date": timezone.localdate() + timedelta(days=30),
        }
    if step == "photo":
        return {"photo": SimpleUploadedFile("passfoto.jpg", photo_bytes(), content_type="image/jpeg")}
    if step == "reliability":
        return {
            "identity": _pdf("ausweis.pdf"),
            "certificate_of_conduct": _pdf("fuehrungszeugnis.pdf"),
            "trade_register_info": _pdf("gzr.pdf"),
            "tax_certificate": _pdf("steuern.pdf"),
        }
    if step == "review":
        return {"declaration": "on"}
    raise ValueError(f"The Reisegewerbekarte has no step {step!r}.")


def reisegewerbekarte_post_data(
    step: str, *, nationality: str = "DE", activities: tuple[str, ...] = ("sell_goods",), overrides: dict | None = None
) -> dict:
    return step_post(step, _reisegewerbe_fields(step, nationality=nationality, activities=list(activities)), overrides)


def wizard_walk(client, slug: str, post_data, *, until: str | None = None, **options) -> tuple[str, list[str]]:
    """Start a draft of ``slug`` and post every step the wizard shows (``post_data(step, **options)``)
    up to ``until``; returns the URL reached and the steps posted."""
    url = client.get(client.post(f"/antraege/{slug}/")["Location"])["Location"]
    seen = []
    while f"/antraege/{slug}/" in url:
        step = url.rstrip("/").rsplit("/", 1)[1]
        if step == until:
            break
        seen.append(step)
        assert client.get(url).status_code == 200
        response = client.post(url, post_data(step, **options))
        assert response.status_code == 302, f"{step}: {response.context['form'].errors}"
        url = response["Location"]
    return url, seen


def wizard_step_refused(client, slug: str, post_data, *, step: str, overrides: dict, **options):
    """Walk a new draft of ``slug`` to ``step`` and post that step's answers with ``overrides``, in
    English; returns the response, asserting that the step was shown again (refused)."""
    url, _seen = wizard_walk(client, slug, post_data, until=step, **options)
    response = client.post(url, post_data(step, overrides=overrides, **options), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, f"{step} was not refused"
    return response


# --- Gewerbeummeldung and Gewerbeabmeldung: the Gewerbeanmeldung's steps, plus their own --------------


def _gewerbeummeldung_fields(step: str, *, changes: tuple[str, ...]) -> dict | None:
    today = timezone.localdate()
    if step == "change":
        return {"changes": list(changes)}
    if step == "previous_premises":
        return {"street": "Ostwall", "house_number": "104", "postcode": "47798"}
    if step == "premises" and "relocation" in changes:
        return {
            "trade_name": "Café Rheinblick",
            "street": "Bahnhofstraße",
            "house_number": "21",
            "postcode": "47829",
            "phone": "02151 86-0",
            "email": "info@rheinblick.example",
            "website": "",
        }
    if step == "activity":
        before = "Betrieb eines Cafés mit Verkauf von Kuchen, Kaffee und alkoholfreien Getränken"
        if {"activity_change", "activity_extension"} & set(changes):
            return {
                "previous_activity": before,
                "activity": before + " sowie Verkauf von Wein und Bier zum Mitnehmen",
                "wz_code": "56.10.1",
            }
        return {"activity": before, "wz_code": "56.10.1"}
    if step == "operation":
        return {
            "change_date": today + timedelta(days=14),
            "business_kinds": ["retail", "other"],
            "side_business": "no",
            "employees_full_time": "2",
            "employees_part_time": "1",
        }
    return None


def gewerbeummeldung_post_data(
    step: str, *, changes: tuple[str, ...] = ("relocation",), overrides: dict | None = None, **options
) -> dict:
    """A Gewerbeummeldung step's POST: ``changes`` (relocation, activity_change, activity_extension); the
    other options are ``gewerbeanmeldung_post_data``'s, for the steps both ask."""
    from tests.factories import gewerbeanmeldung_post_data

    fields = _gewerbeummeldung_fields(step, changes=changes)
    if fields is None:
        return gewerbeanmeldung_post_data(step, overrides=overrides, **options)
    return step_post(step, fields, overrides)


def _gewerbeabmeldung_fields(step: str, *, reason: str, scope: str) -> dict | None:
    today = timezone.localdate()
    if step == "closure":
        return {"establishment": "main", "scope": scope, "closure_date": today - timedelta(days=3)}
    if step == "reason":
        return {"reason": reason}
    if step == "future_premises":
        return {"future_address": "Königsallee 1, 40212 Düsseldorf"}
    if step == "successor":
        return {"successor": "Rheinblick Nachfolge GmbH"}
    if step == "operation":
        return {
            "business_kinds": ["retail"],
            "side_business": "no",
            "employees_full_time": "0",
            "employees_part_time": "1",
        }
    return None


def gewerbeabmeldung_post_data(
    step: str, *, reason: str = "closure", scope: str = "full", overrides: dict | None = None, **options
) -> dict:
    """A Gewerbeabmeldung step's POST: ``reason`` and ``scope`` of the closure; the other options are
    ``gewerbeanmeldung_post_data``'s, for the steps both ask."""
    from tests.factories import gewerbeanmeldung_post_data

    fields = _gewerbeabmeldung_fields(step, reason=reason, scope=scope)
    if fields is None:
        return gewerbeanmeldung_post_data(step, overrides=overrides, **options)
    return step_post(step, fields, overrides)


def answers_through_forms(
    application: Application,
    post_data,
    *,
    overrides: dict[str, dict] | None = None,
    until: str | None = None,
    **options,
) -> dict:
    """The answers of every step of ``application`` that applies (before ``until``), posted by
    ``post_data(step, **options)`` and validated by the steps' own forms, JSON-ready as the wizard keeps them.
    ``overrides`` maps a step to its field overrides."""
    answers: dict = {}
    for step in application.steps:
        if step.name == until:
            break
        if not step.applies(answers):
            continue
        posted = post_data(step.name, **options, overrides=(overrides or {}).get(step.name))
        files = {key: value for key, value in posted.items() if hasattr(value, "read")}
        data = {key: value for key, value in posted.items() if key not in files}
        kwargs = step.form_kwargs(answers) if step.form_kwargs else {}
        form = step.form_class(data=data, files=files, prefix=step.name, **kwargs)
        if not form.is_valid():
            extra = form.non_form_errors() if hasattr(form, "non_form_errors") else ""
            raise AssertionError(f"Step {step.name!r} is not valid: {form.errors} {extra}")
        answers[step.name] = answers_from_form(form)
    return answers


def form_as_shown(step: str, form) -> dict:
    """What a browser posts for a step when the founder changes nothing on it: every field as the
    page shows it (its initial or prefilled value), dates as day, month and year."""
    data = {"application-current_step": step}
    shown = [form.management_form, *form.forms] if isinstance(form, forms.BaseFormSet) else [form]
    for each in shown:
        for field in each:
            if field.field.disabled or isinstance(field.field, forms.FileField):
                continue
            value = field.value()
            if isinstance(field.field.widget, DatePartsWidget):
                parts = field.field.widget.decompress(value)
                data.update({f"{field.html_name}_{part}": v or "" for part, v in zip(DATE_PARTS, parts, strict=True)})
            elif isinstance(field.field, forms.BooleanField):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif value is not None:
                data[field.html_name] = str(value)
    return data


def errors_of(form, field: str) -> list[str]:
    """The messages of a field, of the first entry of a formset step, or of the whole formset ("__all__")."""
    if hasattr(form, "forms"):
        return list(form.non_form_errors()) if field == "__all__" else form.forms[0].errors.get(field, [])
    return form.errors.get(field, [])
