"""The Reisegewerbekarte in Chromium: the description of goods, services or entertainment appears
with the activity it belongs to, and a refused photo is explained next to its field; axe on both pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.wizard_filling import page_accessible, wizard_page
from tests.sample_files import photo_bytes
from tests.wizard_answers import reisegewerbekarte_post_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_description_appears_with_one_of_its_activities(browser, live_server):
    page = wizard_page(browser, live_server, "reisegewerbekarte", reisegewerbekarte_post_data, until="activity")
    goods, services = page.locator('[name="activity-goods"]'), page.locator('[name="activity-services"]')
    expect(goods).to_be_hidden()
    expect(services).to_be_hidden()
    page_accessible(page)

    page.locator('[name="activity-activities"][value="buy_goods"]').check()
    expect(goods).to_be_visible()
    page.locator('[name="activity-activities"][value="service_orders"]').check()
    expect(services).to_be_visible()
    page.locator('[name="activity-activities"][value="buy_goods"]').uncheck()
    expect(goods).to_be_hidden()
    expect(services).to_be_visible()


def test_a_photo_too_small_is_refused_next_to_its_field(browser, live_server, tmp_path):
    page = wizard_page(browser, live_server, "reisegewerbekarte", reisegewerbekarte_post_data, until="photo")
    small = tmp_path / "klein.jpg"
    small.write_bytes(photo_bytes(200, 260))

    page.locator('[name="photo-photo"]').set_input_files(str(small))
    page.locator("main form button.button[type=submit]:not([name])").click()

    error = page.locator("#id_photo-photo_error")
    expect(error).to_contain_text("Das Foto ist zu klein")
    page_accessible(page)
