"""The frontend never sees a draft, an unpublished snippet or a private page."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

from cluster.api import visibility
from cluster.delivery import cache_version
from cluster.models import CityPage, ClusterPage, KnowledgeProduct, NewsItem, Topic, Video
from tests.seed import english
from tests.support.redis_stand_ins import closed_port


def listed_slugs(api, path, **params):
    """Slugs of the English listing: a Chinese version keeps its English slug, and it stays
    live when the English one is unpublished."""
    status, data = api(
        path, limit=100, fields="slug" if path != "pages/" else "", locale="en", **params
    )
    assert status == 200
    return [item["meta"]["slug"] for item in data["items"]]


def test_a_draft_edit_of_a_live_page_is_not_served(api):
    oaxaca = english(CityPage, slug="oaxaca")
    oaxaca.summary = "DRAFT summary that must not leak"
    oaxaca.save_revision()  # saved as a draft, not published

    status, data = api(f"pages/{oaxaca.pk}/")
    assert status == 200
    assert data["summary"] != "DRAFT summary that must not leak"
    status, data = api("pages/", type="cluster.CityPage", fields="summary", limit=50, locale="en")
    assert "DRAFT summary that must not leak" not in str(data)


def test_an_unpublished_page_is_in_no_listing_and_has_no_detail(api):
    puebla = english(CityPage, slug="puebla")
    puebla.unpublish()

    assert "puebla" not in listed_slugs(api, "pages/", type="cluster.CityPage")
    status, _data = api(f"pages/{puebla.pk}/")
    assert status == 404


def test_a_private_page_is_in_no_listing_and_has_no_detail(api):
    morelia = english(CityPage, slug="morelia")
    PageViewRestriction.objects.create(
        page=morelia, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    assert "morelia" not in listed_slugs(api, "pages/", type="cluster.CityPage")
    status, _data = api(f"pages/{morelia.pk}/")
    assert status == 404
    status, data = api("pages/find/", html_path="/tourism-heritage-creative-economy/morelia/")
    assert status == 404


def test_a_restriction_hides_the_pages_below_it_too(api):
    cluster = english(ClusterPage)
    PageViewRestriction.objects.create(page=cluster, restriction_type=PageViewRestriction.LOGIN)

    assert listed_slugs(api, "pages/", type="cluster.CityPage") == []
    status, _data = api(f"pages/{english(CityPage, slug='oaxaca').pk}/")
    assert status == 404


def test_a_login_restricted_page_is_served_to_a_logged_in_user_only(api, client):
    morelia = english(CityPage, slug="morelia")
    PageViewRestriction.objects.create(page=morelia, restriction_type=PageViewRestriction.LOGIN)

    status, _data = api(f"pages/{morelia.pk}/")
    assert status == 404
    assert "morelia" not in listed_slugs(api, "pages/", type="cluster.CityPage")

    client.force_login(get_user_model().objects.create_user("reader", password="x"))
    status, _data = api(f"pages/{morelia.pk}/")
    assert status == 200
    assert "morelia" in listed_slugs(api, "pages/", type="cluster.CityPage")


def test_a_group_restriction_admits_only_its_groups(api, client):
    morelia = english(CityPage, slug="morelia")
    restriction = PageViewRestriction.objects.create(
        page=morelia, restriction_type=PageViewRestriction.GROUPS
    )
    members = Group.objects.create(name="Morelia's partners")
    restriction.groups.add(members)
    reader = get_user_model().objects.create_user("reader", password="x")
    client.force_login(reader)

    status, _data = api(f"pages/{morelia.pk}/")
    assert status == 404
    reader.groups.add(members)
    status, _data = api(f"pages/{morelia.pk}/")
    assert status == 200


def test_a_session_given_the_password_sees_that_page_and_no_other_private_one(api, client):
    morelia, oaxaca = english(CityPage, slug="morelia"), english(CityPage, slug="oaxaca")
    password = PageViewRestriction.objects.create(
        page=morelia, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    PageViewRestriction.objects.create(page=oaxaca, restriction_type=PageViewRestriction.LOGIN)
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [password.pk]
    session.save()

    slugs = listed_slugs(api, "pages/", type="cluster.CityPage")
    assert "morelia" in slugs
    assert "oaxaca" not in slugs


def test_a_public_restriction_hides_nothing(api):
    morelia = english(CityPage, slug="morelia")
    PageViewRestriction.objects.create(page=morelia, restriction_type=PageViewRestriction.NONE)

    status, _data = api(f"pages/{morelia.pk}/")
    assert status == 200


def test_the_restrictions_are_read_once_and_a_new_one_is_seen_at_once(api, client):
    listed_slugs(api, "pages/", type="cluster.CityPage")
    with CaptureQueriesContext(connection) as queries:
        slugs = listed_slugs(api, "pages/", type="cluster.CityPage")
    assert "morelia" in slugs
    assert not [query for query in queries if "pageviewrestriction" in query["sql"]]

    morelia = english(CityPage, slug="morelia")
    restriction = PageViewRestriction.objects.create(
        page=morelia, restriction_type=PageViewRestriction.LOGIN
    )
    assert "morelia" not in listed_slugs(api, "pages/", type="cluster.CityPage")

    restriction.delete()
    assert "morelia" in listed_slugs(api, "pages/", type="cluster.CityPage")


def test_a_moved_restricted_page_stays_hidden_at_its_new_place(api):
    morelia = english(CityPage, slug="morelia")
    PageViewRestriction.objects.create(page=morelia, restriction_type=PageViewRestriction.LOGIN)
    assert api(f"pages/{morelia.pk}/")[0] == 404

    morelia.move(english(CityPage, slug="oaxaca"), pos="last-child")

    assert api(f"pages/{morelia.pk}/")[0] == 404
    assert api(f"pages/{english(CityPage, slug='oaxaca').pk}/")[0] == 200


def test_paths_cached_by_a_request_that_raced_a_change_are_not_used_after_its_commit(
    api, django_capture_on_commit_callbacks
):
    api_cache = cache_version.api_cache()
    assert visibility.restricted_paths() == []
    version_before = api_cache.get(cache_version.VERSION_KEY)
    morelia = english(CityPage, slug="morelia")

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=morelia, restriction_type=PageViewRestriction.LOGIN)
        # Another process read the database before the commit and caches what it read, under
        # the version it found then.
        api_cache.set(visibility.PATHS_KEY, {"version": version_before, "value": []})
        api_cache.set(cache_version.VERSION_KEY, version_before)

    assert visibility.restricted_paths() == [morelia.path]
    assert api(f"pages/{morelia.pk}/")[0] == 404


def test_without_the_cache_the_restrictions_are_read_from_the_database(api, settings):
    morelia = english(CityPage, slug="morelia")
    PageViewRestriction.objects.create(page=morelia, restriction_type=PageViewRestriction.LOGIN)

    settings.CACHES = {
        **settings.CACHES,
        "api": {
            "BACKEND": "cluster.delivery.redis_cache.FallbackRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",  # a Redis refusing connections
        },
    }

    assert api(f"pages/{morelia.pk}/")[0] == 404
    assert "morelia" not in listed_slugs(api, "pages/", type="cluster.CityPage")


def test_pages_outside_the_site_are_not_served(api):
    api("pages/")  # the site's root paths are cached by now
    outsider = Page.get_first_root_node().add_child(instance=Page(title="Elsewhere", slug="else"))

    status, _data = api(f"pages/{outsider.pk}/")
    assert status == 404
    status, data = api("pages/", limit=100)
    assert outsider.pk not in [item["id"] for item in data["items"]]


def test_a_second_site_is_served_when_asked_for_by_hostname(api):
    api("pages/")  # the first site's root paths are cached by now
    home = Page.get_first_root_node().add_child(instance=Page(title="Partners", slug="partners"))
    about = home.add_child(instance=Page(title="About the partners", slug="about"))
    Site.objects.create(hostname="partners.example.org", root_page=home)

    status, data = api("pages/", site="partners.example.org")
    assert status == 200
    assert [item["id"] for item in data["items"]] == [home.pk, about.pk]
    status, data = api("pages/", limit=100)
    assert about.pk not in [item["id"] for item in data["items"]]
    status, data = api("pages/", site="nowhere.example.org")
    assert status == 400 and "no site has the hostname" in data["message"]


def test_unpublished_snippets_are_not_served(api):
    for model, path in [
        (NewsItem, "news/"),
        (KnowledgeProduct, "knowledge/"),
        (Video, "videos/"),
        (Topic, "topics/"),
    ]:
        item = model.objects.filter(locale__language_code="en").first()
        item.unpublish()
        assert item.slug not in listed_slugs(api, path), path
        status, _data = api(f"{path}{item.pk}/")
        assert status == 404, path


def test_a_draft_edit_of_a_live_snippet_is_not_served(api):
    news = english(NewsItem, slug="uzbekistan-35-cities-urban-development-workshop")
    news.title = "DRAFT title"
    news.save_revision()

    status, data = api(f"news/{news.pk}/")
    assert status == 200
    assert data["title"] != "DRAFT title"


def test_a_new_snippet_saved_as_draft_is_not_served(api):
    topic = Topic(name="Draft topic", slug="draft-topic", live=False)
    topic.save()
    topic.save_revision()

    assert "draft-topic" not in listed_slugs(api, "topics/")


def test_an_unpublished_topic_disappears_from_the_items_it_labels(api):
    webinars = english(Topic, slug="webinars")
    webinars.unpublish()

    status, data = api("news/", fields="topics", limit=50, locale="en")
    assert all(t["slug"] != "webinars" for item in data["items"] for t in item["topics"])
    status, data = api("news/", topic="webinars", locale="en")
    assert data["meta"]["total_count"] == 0


def test_an_unpublished_related_news_item_is_not_linked_from_a_video(api):
    video = Video.objects.exclude(related_news=None).first()
    video.related_news.unpublish()

    status, data = api(f"videos/{video.pk}/")
    assert status == 200
    assert data["related_news"] is None


def test_a_site_is_looked_up_once_per_request_and_a_change_to_it_is_seen_at_once(client, db):
    home = Site.objects.get(is_default_site=True).root_page
    other_home = Page.get_first_root_node().add_child(instance=Page(title="Other", slug="other"))
    other = Site.objects.create(hostname="other.example.org", root_page=other_home)
    ids = {}
    for host in ("127.0.0.1", "other.example.org"):
        client.get("/api/v2/pages/", HTTP_HOST=host)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v2/pages/", HTTP_HOST=host)
        assert len([query for query in queries if "wagtailcore_site" in query["sql"]]) == 1
        ids[host] = [item["id"] for item in response.json()["items"]]
    assert ids["other.example.org"] == [other_home.pk]
    assert home.pk in ids["127.0.0.1"]

    other.hostname = "renamed.example.org"
    other.save()  # other.example.org now falls back to the default site

    response = client.get("/api/v2/pages/", HTTP_HOST="other.example.org")
    assert home.pk in [item["id"] for item in response.json()["items"]]
    other.delete()
    response = client.get("/api/v2/pages/", HTTP_HOST="renamed.example.org")
    assert other_home.pk not in [item["id"] for item in response.json()["items"]]


def test_a_page_names_its_parent_only_when_the_parent_is_served(api):
    cluster = english(ClusterPage)
    anyang = english(CityPage, slug="anyang")
    status, data = api(f"pages/{anyang.pk}/")
    assert data["meta"]["parent"]["id"] == cluster.pk
    assert data["meta"]["parent"]["meta"]["type"] == "cluster.ClusterPage"

    status, data = api(f"pages/{cluster.get_parent().pk}/")  # the home page: its parent is
    assert status == 200  # the tree's root, outside the site
    assert data["meta"]["parent"] is None

    cluster.unpublish()
    status, data = api(f"pages/{anyang.pk}/")
    assert status == 200
    assert data["meta"]["parent"] is None
