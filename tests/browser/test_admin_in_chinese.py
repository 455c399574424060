"""An administrator switches the admin to Chinese in their account settings, in Chromium, and the
translation editor speaks Chinese, its heading included (wagtail-localize writes that heading
in English in its JavaScript: cluster/static/cluster/js/translation-editor-heading.js swaps it)."""

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


def chinese_anyang_id(cms_server):
    url = cms_server.url("/api/v2/pages/?locale=zh-hans&type=cluster.CityPage&slug=anyang")
    with urllib.request.urlopen(url, timeout=10) as response:
        (item,) = json.load(response)["items"]
    return item["id"]


def choose_admin_language(page, cms_server, label):
    """The account settings form, as a person fills it: a name (Wagtail requires one) and the
    admin's language."""
    page.goto(cms_server.url("/admin/account/"))
    page.locator("#id_name_email-first_name").fill("Ada")
    page.locator("#id_name_email-last_name").fill("Administradora")
    page.locator("#id_locale-preferred_language").select_option(label=label)
    page.locator("form").get_by_role("button").last.click()
    expect(page.locator(".messages")).to_be_visible()


def test_the_translation_editor_heading_reads_in_chinese(cms_server, browser_page):
    page = browser_page
    log_in(page, cms_server, cms_server.admin_username, cms_server.admin_password)
    choose_admin_language(page, cms_server, "简体中文")
    try:
        page.goto(cms_server.url(f"/admin/pages/{chinese_anyang_id(cms_server)}/edit/"))

        editor = page.locator(".js-translation-editor")
        expect(editor.get_by_role("heading", name="翻译：英语 → 简体中文")).to_be_visible()
        expect(editor.get_by_text("英语 to 简体中文 translation")).to_have_count(0)
        expect(editor.get_by_text("PO file", exact=False)).to_have_count(0)
    finally:
        choose_admin_language(page, cms_server, "English")
