"""The heritage glossary in the real translation editor, in Chromium: a Spanish translator
saves a string without the approved form of a term, the editor's glossary panel names it, and
it goes away once the translation uses the approved form."""

import json
import os
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.admin_login import log_in

from .conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and os.geteuid() != 0,
        reason=f"{CHROMIUM} is missing and only root can install it (`apt-get install chromium`, "
        "which `make test` runs as root)",
    ),
]

CITY_SLUG = "anyang"
WITHOUT_THE_NAME = "Una antigua capital de China en la provincia de Henan."


def api_get(cms_server, path):
    with urllib.request.urlopen(cms_server.url(f"/api/v2/{path}"), timeout=10) as response:
        return json.load(response)


def save_segment(segment, text):
    segment.get_by_role("button", name="Edit", exact=True).click()
    segment.get_by_role("textbox").fill(text)
    segment.get_by_role("button", name="Save", exact=True).click()
    expect(segment.get_by_role("button", name="Edit", exact=True)).to_be_visible()


def test_the_glossary_panel_names_a_string_without_the_approved_form(cms_server, browser_page):
    page = browser_page
    listing = api_get(cms_server, f"pages/?locale=es&type=cluster.CityPage&slug={CITY_SLUG}")
    (es_item,) = listing["items"]
    es_page = api_get(cms_server, f"pages/{es_item['id']}/")
    english_id = {t["locale"]: t["id"] for t in es_page["meta"]["translations"]}["en"]
    english_summary = api_get(cms_server, f"pages/{english_id}/")["summary"]

    log_in(page, cms_server, cms_server.username, cms_server.password)
    page.goto(cms_server.url(f"/admin/pages/{es_item['id']}/edit/"))
    panel = page.locator(".glossary-warnings")
    summary_field = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Summary", exact=True)
    )
    segment = summary_field.get_by_role("listitem").filter(has_text=english_summary)
    expect(segment).to_contain_text(es_page["summary"])
    expect(panel).to_be_hidden()  # the seed's translations follow the glossary

    save_segment(segment, WITHOUT_THE_NAME)

    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Glossary: 1 string(s) lack an approved term")
    expect(panel).to_contain_text("“Anyang” should be “Anyang”")

    save_segment(segment, es_page["summary"])
    expect(panel).to_be_hidden()
