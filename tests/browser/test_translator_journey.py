"""A Spanish translator works in the real admin, in Chromium: the translation they publish
reaches the API in Spanish only, and the Chinese version is closed to them."""

import json
import os
import re
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

CITY_SLUG = "puebla"
NEW_SPANISH_SUMMARY = (
    "Fundada en 1531, Puebla conserva su centro histórico, la cerámica de Talavera poblana y "
    "una gastronomía única."
)
PERMISSION_DENIED = "Sorry, you do not have permission to access this area."


def api_get(cms_server, path):
    with urllib.request.urlopen(cms_server.url(f"/api/v2/{path}"), timeout=10) as response:
        return json.load(response)


def without(document, *keys):
    return {key: value for key, value in document.items() if key not in keys}


def test_spanish_translator_publishes_a_city_summary_and_is_refused_the_chinese_version(
    cms_server, browser_page
):
    page = browser_page
    listing = api_get(cms_server, f"pages/?locale=es&type=cluster.CityPage&slug={CITY_SLUG}")
    (es_item,) = listing["items"]
    es_before = api_get(cms_server, f"pages/{es_item['id']}/")
    other_ids = {t["locale"]: t["id"] for t in es_before["meta"]["translations"]}
    en_before = api_get(cms_server, f"pages/{other_ids['en']}/")
    zh_before = api_get(cms_server, f"pages/{other_ids['zh-hans']}/")
    assert es_before["summary"] not in (NEW_SPANISH_SUMMARY, en_before["summary"])

    log_in(page, cms_server, cms_server.username, cms_server.password)

    # The Spanish page is a synced translation: its edit view is wagtail-localize's editor, one
    # segment per source string. The summary is one sentence, so one segment.
    page.goto(cms_server.url(f"/admin/pages/{es_item['id']}/edit/"))
    summary_field = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Summary", exact=True)
    )
    segment = summary_field.get_by_role("listitem").filter(has_text=en_before["summary"])
    expect(segment).to_contain_text(es_before["summary"])
    segment.get_by_role("button", name="Edit", exact=True).click()
    segment.get_by_role("textbox").fill(NEW_SPANISH_SUMMARY)
    segment.get_by_role("button", name="Save", exact=True).click()
    # "Edit" comes back once the string is saved; an error would mark the segment "errored".
    expect(segment.get_by_role("button", name="Edit", exact=True)).to_be_visible()
    expect(segment).to_have_class("complete")
    expect(segment).to_contain_text(NEW_SPANISH_SUMMARY)

    page.get_by_role("button", name="Publish in Spanish").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Published '{es_before['title']}' in Spanish."
    )

    es_after = api_get(cms_server, f"pages/{es_item['id']}/")
    assert es_after["summary"] == NEW_SPANISH_SUMMARY
    assert without(es_after, "summary", "meta") == without(es_before, "summary", "meta")
    assert api_get(cms_server, f"pages/{other_ids['en']}/") == en_before
    assert api_get(cms_server, f"pages/{other_ids['zh-hans']}/") == zh_before

    # The Chinese version of the same city is not theirs to translate.
    response = page.goto(cms_server.url(f"/admin/pages/{other_ids['zh-hans']}/edit/"))
    if response.status != 403:
        expect(page).to_have_url(cms_server.url("/admin/"))
        expect(page.get_by_role("status")).to_contain_text(PERMISSION_DENIED)
    expect(page.get_by_role("button", name=re.compile(r"^Publish in "))).to_have_count(0)
    assert api_get(cms_server, f"pages/{other_ids['zh-hans']}/") == zh_before
