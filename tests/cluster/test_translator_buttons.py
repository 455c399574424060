"""The admin shows a translator no button for what they may not do: in wagtail-localize's
translation editor, in the page explorer, and in Wagtail's own page and snippet editors."""

import json
from html import unescape

import pytest

from django.urls import reverse

from wagtail_localize.models import Translation

from tests.cluster.test_permissions import city_page, news_item

PAGE_ACTION_LINKS = {
    "delete": "wagtailadmin_pages:delete",
    "move": "wagtailadmin_pages:move",
    "copy": "wagtailadmin_pages:copy",
    "unpublish": "wagtailadmin_pages:unpublish",
}


def page_action_buttons(html, page):
    """The page actions the admin shows buttons for (not the URLs the page merely mentions,
    such as the translation editor's props or a dialog only its button opens)."""
    buttons = {
        name
        for name, url_name in PAGE_ACTION_LINKS.items()
        if f'href="{reverse(url_name, args=[page.pk])}' in html
    }
    if 'data-a11y-dialog-show="set-privacy"' in html:
        buttons.add("privacy")
    lock_url = reverse("wagtailadmin_pages:lock", args=[page.pk])
    if f'data-w-action-url-value="{lock_url}"' in html:
        buttons.add("lock")
    return buttons


def editor_props(response):
    """The props wagtail-localize's translation editor is given."""
    html = response.content.decode()
    start = html.index('data-props="') + len('data-props="')
    return json.loads(unescape(html[start : html.index('"', start)]))


@pytest.mark.parametrize("role, shown", [("editor", True), ("es-translator-on-es", False)])
def test_the_translation_editor_offers_page_actions_to_editors_only(client, log_in_as, role, shown):
    page = city_page("es")
    log_in_as(role)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    props = editor_props(response)
    assert props["perms"]["canPublish"]
    offered = {
        "unpublish": props["perms"]["canUnpublish"],
        "delete": props["perms"]["canDelete"],
        "convert to alias": props["links"]["convertToAliasUrl"] is not None,
    }
    assert offered == dict.fromkeys(offered, shown)
    # The editor's own buttons come from the props; besides them only the side panel's privacy
    # (wagtail-localize's editor has no header menu with move or copy).
    assert page_action_buttons(response.content.decode(), page) == ({"privacy"} if shown else set())


@pytest.mark.parametrize("role, shown", [("editor", True), ("es-translator-on-es", False)])
def test_the_page_explorer_offers_page_actions_to_editors_only(client, log_in_as, role, shown):
    page = city_page("es")
    log_in_as(role)
    response = client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    html = response.content.decode()

    assert response.status_code == 200
    # The child page's buttons, and the privacy of the page listed (the cluster page).
    expected = {"delete", "move", "copy", "unpublish", "privacy"} if shown else set()
    assert page_action_buttons(html, page) == expected
    assert ("?ordering=ord" in html) == shown


@pytest.mark.parametrize("role, shown", [("editor", True), ("es-translator-on-es", False)])
def test_wagtails_own_editors_offer_convert_and_unpublish_to_editors_only(
    client, log_in_as, role, shown
):
    """Once a translation is stopped, Wagtail's own page and snippet editors are used."""
    page, item = city_page("es"), news_item("es")
    log_in_as(role)
    for obj in (page, item):
        Translation.objects.filter(
            source__object_id=obj.translation_key, target_locale=obj.locale
        ).update(enabled=False)

    page_html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    item_html = client.get(
        reverse(item.snippet_viewset.get_url_name("edit"), args=[item.pk])
    ).content.decode()

    assert ('name="localize-convert-to-alias"' in page_html) == shown
    assert (
        reverse(item.snippet_viewset.get_url_name("unpublish"), args=[item.pk]) in item_html
    ) == shown
