"""The PDF prints a case's summary snapshot in the order of the official field numbers."""

from services.pdf.summary import summary_in_form_order


def section(step, *numbers):
    return {"step": step, "title": step, "fields": [{"number": n, "label": f"L{n}", "value": "v"} for n in numbers]}


def test_fields_and_sections_follow_the_official_numbering():
    snapshot = [
        section("owner", "", "13"),
        section("register", "1", "2"),
        section("person 1", "3", "10", "7"),
        section("person 2", "3", "7"),
        section("business", "15", "23", "16"),
        section("review", ""),
    ]

    ordered = summary_in_form_order(snapshot)

    assert [s["step"] for s in ordered] == ["register", "person 1", "person 2", "owner", "business", "review"]
    assert [f["number"] for f in ordered[1]["fields"]] == ["3", "7", "10"]
    assert [f["number"] for f in ordered[3]["fields"]] == ["13", ""]
    assert [f["number"] for f in ordered[4]["fields"]] == ["15", "16", "23"]


def test_an_old_snapshot_keeps_its_fields():
    old = [
        {"step": "business", "title": "Betrieb", "fields": [{"number": "17", "label": "Tätigkeit", "value": "Café"}]}
    ]
    assert summary_in_form_order(old) == old
