"""Signing in to the admin of the test server, as a person does: the login form."""

from playwright.sync_api import expect


def log_in(page, cms_server, username, password):
    page.goto(cms_server.url("/admin/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(cms_server.url("/admin/"))
