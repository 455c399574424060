"""Translators work on their own language only, through every view they could reach; Editors work
on every language. The objects are a city page and a news item of the seed, which exist in
English (the source) and as synced wagtail-localize translations in Chinese and Spanish."""

from urllib.parse import urlencode

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import GroupPagePermission, Page
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.wagtail_hooks import register_admin_urls as localize_admin_urls

from cluster.models import CityPage, ClusterPage, NewsItem
from cluster.translation.permissions import EDITORS_GROUP, TRANSLATOR_GROUPS, ensure_groups
from home.models import HomePage
from tests.seed import english, locale

LANGUAGES = ["en", "zh-hans", "es"]
TRANSLATIONS = ["zh-hans", "es"]
NEWS_SLUG = "travel-south-over-cloud-china-mexico"
LOCALIZE_EDITOR = "wagtail_localize/admin/edit_translation.html"


def city_page(language):
    return english(CityPage, slug="anyang").get_translation(locale(language))


def news_item(language):
    return NewsItem.objects.get(slug=NEWS_SLUG, locale__language_code=language)


@pytest.fixture(params=[city_page, news_item], ids=["city page", "news item"])
def version_of(request):
    """The seed object under test, in a given language."""
    return request.param


def edit_url(instance):
    if isinstance(instance, Page):
        return reverse("wagtailadmin_pages:edit", args=[instance.pk])
    return reverse(instance.snippet_viewset.get_url_name("edit"), args=[instance.pk])


def snippet_url(instance, view_name):
    return reverse(instance.snippet_viewset.get_url_name(view_name), args=[instance.pk])


def translation_of(instance):
    return Translation.objects.get(
        source__object_id=instance.translation_key, target_locale=instance.locale
    )


def string_edit_url(instance, field="title"):
    translation = translation_of(instance)
    segment = translation.source.stringsegment_set.get(context__path=field)
    return reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])


def put_string(client, url, value):
    """What the translation editor sends when a translator saves one string."""
    return client.put(
        url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded"
    )


def stored_state(instance):
    """Everything a refused request could have changed about one language version."""
    instance = type(instance).objects.get(pk=instance.pk)
    return {
        "title": instance.title,
        "live": instance.live,
        "live_revision": instance.live_revision_id,
        "latest_revision": instance.latest_revision_id,
        "strings": sorted(
            StringTranslation.objects.filter(
                locale=instance.locale, context__object_id=instance.translation_key
            ).values_list("pk", "data")
        ),
        "synced": list(
            Translation.objects.filter(
                source__object_id=instance.translation_key, target_locale=instance.locale
            ).values_list("enabled", flat=True)
        ),
    }


def assert_refused(response):
    """Wagtail refuses with a 403, or (for a plain browser request) a redirect to the dashboard
    with a "permission denied" message."""
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")
    else:
        assert response.status_code == 403, response.status_code


@pytest.fixture
def member_of(django_user_model, db):
    def create(group_name):
        user = django_user_model.objects.create_user(
            username=group_name.lower().replace(" ", "-"), password="not-used"
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return create


@pytest.fixture
def log_in_as_member_of(client, member_of):
    def log_in(group_name):
        user = member_of(group_name)
        client.force_login(user)
        return user

    return log_in


def other_languages(language):
    return [other for other in LANGUAGES if other != language]


def translator_and_other_language():
    return [
        pytest.param(language, other, id=f"{language} translator on {other}")
        for language in TRANSLATIONS
        for other in other_languages(language)
    ]


# --- groups --------------------------------------------------------------------------------


def test_ensure_groups_is_idempotent_and_gives_each_translator_group_its_own_tree(db):
    def permissions():
        return {
            group.name: (
                sorted(group.permissions.values_list("codename", flat=True)),
                sorted(
                    GroupPagePermission.objects.filter(group=group).values_list(
                        "page_id", "permission__codename"
                    )
                ),
            )
            for group in Group.objects.filter(name__in=[EDITORS_GROUP, *TRANSLATOR_GROUPS.values()])
        }

    before = permissions()
    ensure_groups()
    assert permissions() == before

    root = Page.get_first_root_node()
    assert before[EDITORS_GROUP][1] == sorted(
        (root.pk, f"{action}_page") for action in ["add", "change", "publish"]
    )
    assert "submit_translation" in before[EDITORS_GROUP][0]
    for language, group_name in TRANSLATOR_GROUPS.items():
        home = HomePage.objects.get(depth=2, locale__language_code=language)
        codenames, page_permissions = before[group_name]
        assert page_permissions == [(home.pk, "change_page"), (home.pk, "publish_page")]
        assert not [codename for codename in codenames if codename.startswith("add_")]
        assert "submit_translation" not in codenames


# --- a translator in their own language ----------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_translator_opens_the_translation_editor_in_their_language(
    log_in_as_member_of, client, version_of, language
):
    log_in_as_member_of(TRANSLATOR_GROUPS[language])
    response = client.get(edit_url(version_of(language)))
    assert response.status_code == 200
    assert LOCALIZE_EDITOR in [template.name for template in response.templates]


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_translator_edits_a_string_and_publishes_in_their_language(
    log_in_as_member_of, client, version_of, language, django_capture_on_commit_callbacks
):
    translator = log_in_as_member_of(TRANSLATOR_GROUPS[language])
    instance = version_of(language)
    revised_title = f"{instance.title} (revised)"

    response = put_string(client, string_edit_url(instance), revised_title)
    assert response.status_code == 200, response.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(instance), {"action": "publish"})

    assert response.status_code == 302
    assert response.url == edit_url(instance)
    instance = type(instance).objects.get(pk=instance.pk)
    assert instance.title == revised_title
    assert instance.live
    assert instance.live_revision.user == translator


# --- a translator on another language, or on the English source ----------------------------


@pytest.mark.parametrize("language, other", translator_and_other_language())
def test_a_translator_cannot_open_another_language(
    log_in_as_member_of, client, version_of, language, other
):
    log_in_as_member_of(TRANSLATOR_GROUPS[language])
    assert_refused(client.get(edit_url(version_of(other))))


@pytest.mark.parametrize("language, other", translator_and_other_language())
def test_a_translator_cannot_publish_another_language(
    log_in_as_member_of, client, version_of, language, other, django_capture_on_commit_callbacks
):
    log_in_as_member_of(TRANSLATOR_GROUPS[language])
    instance = version_of(other)
    before = stored_state(instance)

    # "action": the translation editor's publish button; "action-publish": Wagtail's own editor.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(instance), {"action": "publish", "action-publish": "action-publish"}
        )

    assert_refused(response)
    assert stored_state(instance) == before


@pytest.mark.parametrize(
    "language, other",
    [
        pytest.param(language, other, id=f"{language} translator on {other}")
        for language in TRANSLATIONS
        for other in TRANSLATIONS
        if other != language
    ],
)
def test_a_translator_cannot_edit_a_string_of_another_language(
    log_in_as_member_of, client, version_of, language, other
):
    log_in_as_member_of(TRANSLATOR_GROUPS[language])
    instance = version_of(other)
    url = string_edit_url(instance)
    before = stored_state(instance)

    assert_refused(put_string(client, url, "Not my language"))
    assert_refused(client.delete(url))
    assert stored_state(instance) == before


# How the translation editor calls wagtail-localize's endpoints on one translation.
LOCALIZE_ENDPOINT_METHODS = {
    "edit_string_translation": "put",
    "edit_override": "put",
    "machine_translate": "post",
    "download_pofile": "get",
    "upload_pofile": "post",
    "preview_translation": "get",
    "stop_translation": "post",
}


def localize_endpoints_on_a_translation():
    """Names of wagtail-localize's admin URLs that act on one translation."""
    (localize_urls,) = localize_admin_urls()
    return sorted(
        {
            pattern.name
            for pattern in localize_urls.url_patterns
            if "translation_id" in pattern.pattern.converters
        }
    )


def test_every_wagtail_localize_endpoint_on_a_translation_is_checked_here():
    # A new endpoint in a wagtail-localize upgrade fails here until it is added above.
    assert localize_endpoints_on_a_translation() == sorted(LOCALIZE_ENDPOINT_METHODS)


@pytest.mark.parametrize("endpoint", localize_endpoints_on_a_translation())
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_wagtail_localize_endpoint_refuses_a_translation_into_another_language(
    log_in_as_member_of, client, version_of, language, endpoint
):
    log_in_as_member_of(TRANSLATOR_GROUPS[language])
    (other,) = [other for other in TRANSLATIONS if other != language]
    instance = version_of(other)
    translation = translation_of(instance)
    converters = next(
        pattern.pattern.converters
        for pattern in localize_admin_urls()[0].url_patterns
        if pattern.name == endpoint
    )
    segment_ids = {
        "string_segment_id": translation.source.stringsegment_set.get(context__path="title").pk,
        "overridable_segment_id": getattr(
            translation.source.overridablesegment_set.first(), "pk", 1
        ),
        "mode": "",
    }
    kwargs = {"translation_id": translation.pk} | {
        name: segment_ids[name] for name in converters if name != "translation_id"
    }
    url = reverse(f"wagtail_localize:{endpoint}", kwargs=kwargs)
    before = stored_state(instance)

    method = LOCALIZE_ENDPOINT_METHODS[endpoint]
    data = {"value": "Not my language", "next": edit_url(instance)}
    if method == "put":
        response = put_string(client, url, data["value"])
    else:
        response = getattr(client, method)(url, data if method == "post" else None)

    assert_refused(response)
    assert stored_state(instance) == before


@pytest.mark.parametrize("view_name, method", [("history", "get"), ("unpublish", "post")])
@pytest.mark.parametrize("language, other", translator_and_other_language())
def test_a_translator_cannot_reach_another_languages_snippet_through_other_views(
    log_in_as_member_of, client, language, other, view_name, method
):
    log_in_as_member_of(TRANSLATOR_GROUPS[language])
    instance = news_item(other)
    before = stored_state(instance)

    assert_refused(getattr(client, method)(snippet_url(instance, view_name)))
    assert stored_state(instance) == before


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_translator_creates_no_source_content(log_in_as_member_of, client, language):
    log_in_as_member_of(TRANSLATOR_GROUPS[language])
    news_count = NewsItem.objects.count()
    add_news = reverse(NewsItem.snippet_viewset.get_url_name("add"))
    cluster = ClusterPage.objects.get(locale__language_code=language)
    add_city = reverse("wagtailadmin_pages:add", args=["cluster", "citypage", cluster.pk])
    submit = reverse("wagtail_localize:submit_page_translation", args=[city_page("en").pk])

    assert_refused(client.get(f"{add_news}?locale={language}"))
    assert_refused(client.post(f"{add_news}?locale={language}", {"title": "New"}))
    assert_refused(client.get(add_city))
    assert_refused(client.get(submit))
    assert NewsItem.objects.count() == news_count


# --- an editor ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_editor_opens_every_language(log_in_as_member_of, client, version_of, language):
    log_in_as_member_of(EDITORS_GROUP)
    response = client.get(edit_url(version_of(language)))
    assert response.status_code == 200
    uses_localize_editor = LOCALIZE_EDITOR in [template.name for template in response.templates]
    assert uses_localize_editor == (language != "en")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_an_editor_edits_a_string_in_every_translation(
    log_in_as_member_of, client, version_of, language
):
    log_in_as_member_of(EDITORS_GROUP)
    response = put_string(client, string_edit_url(version_of(language)), "Revised by an editor")
    assert response.status_code == 200, response.content


# --- the snippet permission policy, as Wagtail's other views ask it ------------------------


def test_the_snippet_policy_answers_per_language(member_of):
    spanish = member_of(TRANSLATOR_GROUPS["es"])
    chinese = member_of(TRANSLATOR_GROUPS["zh-hans"])
    editor = member_of(EDITORS_GROUP)
    policy = NewsItem.snippet_viewset.permission_policy
    spanish_item = news_item("es")

    assert policy.user_has_permission_for_instance(spanish, "change", spanish_item)
    assert policy.user_has_permission_for_instance(spanish, "publish", spanish_item)
    assert not policy.user_has_permission_for_instance(chinese, "change", spanish_item)
    assert not policy.user_has_permission_for_instance(spanish, "change", news_item("en"))
    assert not policy.user_has_permission(spanish, "add")
    assert policy.user_has_permission(editor, "add")
    assert set(
        policy.instances_user_has_permission_for(spanish, "change").values_list(
            "locale__language_code", flat=True
        )
    ) == {"es"}
    editors_of_the_spanish_item = policy.users_with_permission_for_instance("change", spanish_item)
    assert spanish in editors_of_the_spanish_item
    assert editor in editors_of_the_spanish_item
    assert chinese not in editors_of_the_spanish_item
