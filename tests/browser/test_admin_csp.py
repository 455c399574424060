"""Every kind of admin page loads in Chromium under the Content-Security-Policy without one
violation: dashboard, explorer, the edit view of each page type and snippet, media, the
translation editor, reports and settings."""

import json
import os
import urllib.request

import pytest

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

# Before any script of the page: every violation the browser reports, as text.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
        `(${event.sourceFile}:${event.lineNumber})`
    );
});
"""
SNIPPETS = {"news": "newsitem", "knowledge": "knowledgeproduct", "videos": "video"}


def api_items(cms_server, path):
    url = cms_server.url(f"/api/v2/{path}")
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)["items"]


def first_id(cms_server, path):
    return api_items(cms_server, path)[0]["id"]


def admin_pages(cms_server):
    """(name, admin path) of every kind of admin page, with ids read from the API."""
    page_ids = {
        page_type: first_id(cms_server, f"pages/?type={page_type}&locale=en")
        for page_type in ("home.HomePage", "cluster.ClusterPage", "cluster.CityPage")
    }
    page_ids["cluster.OrganisationPage"] = first_id(
        cms_server, "pages/?type=cluster.OrganisationPage&locale=en"
    )
    spanish_city = first_id(cms_server, "pages/?type=cluster.CityPage&locale=es")
    pages = [
        ("dashboard", "/admin/"),
        ("explorer", "/admin/pages/"),
        ("explorer of the home page", f"/admin/pages/{page_ids['home.HomePage']}/"),
        ("page search", "/admin/pages/search/?q=puebla"),
        *((f"edit {name}", f"/admin/pages/{pk}/edit/") for name, pk in page_ids.items()),
        ("translation editor (Spanish city)", f"/admin/pages/{spanish_city}/edit/"),
        ("page history", f"/admin/pages/{page_ids['cluster.CityPage']}/history/"),
        ("add a city", f"/admin/pages/add/cluster/citypage/{page_ids['cluster.ClusterPage']}/"),
    ]
    for endpoint, model in SNIPPETS.items():
        snippet = first_id(cms_server, f"{endpoint}/?locale=en")
        pages += [
            (f"{model} listing", f"/admin/snippets/cluster/{model}/"),
            (f"edit {model}", f"/admin/snippets/cluster/{model}/edit/{snippet}/"),
        ]
    topic = first_id(cms_server, "topics/?locale=en")
    spanish_news = first_id(cms_server, "news/?locale=es")
    image = first_id(cms_server, "images/")
    pages += [
        ("topic listing", "/admin/snippets/cluster/topic/"),
        ("edit topic", f"/admin/snippets/cluster/topic/edit/{topic}/"),
        (
            "translation editor (Spanish news)",
            f"/admin/snippets/cluster/newsitem/edit/{spanish_news}/",
        ),
        ("add news", "/admin/snippets/cluster/newsitem/add/"),
        ("images", "/admin/images/"),
        ("edit image", f"/admin/images/{image}/"),
        ("documents", "/admin/documents/"),
        ("upload documents", "/admin/documents/multiple/add/"),
        ("reports: locked pages", "/admin/reports/locked/"),
        ("reports: aging pages", "/admin/reports/aging-pages/"),
        ("reports: site history", "/admin/reports/site-history/"),
        ("reports: workflows", "/admin/reports/workflow/"),
        ("sites", "/admin/sites/"),
        ("locales", "/admin/locales/"),
        ("users", "/admin/users/"),
        ("groups", "/admin/groups/"),
        ("redirects", "/admin/redirects/"),
        ("collections", "/admin/collections/"),
        ("workflows", "/admin/workflows/list/"),
        ("webhook deliveries", "/admin/webhook-deliveries/"),
        ("account", "/admin/account/"),
    ]
    return pages


def test_every_admin_page_loads_without_a_content_security_policy_violation(
    cms_server, browser_page
):
    page = browser_page
    console_errors = []  # of the page being checked
    # Chromium also reports each violation on the console; other console errors (a fetch that
    # this machine's closed network refuses) say nothing about the policy.
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and console_errors.append(message.text)
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, cms_server, cms_server.admin_username, cms_server.admin_password)

    problems = {}
    for name, path in admin_pages(cms_server):
        console_errors.clear()
        response = page.goto(cms_server.url(path))
        page.wait_for_load_state("networkidle")
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        assert "script-src" in response.headers.get("content-security-policy", ""), name
        found = page.evaluate("window.__cspViolations") + console_errors
        if found:
            problems[f"{name} ({path})"] = found

    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
