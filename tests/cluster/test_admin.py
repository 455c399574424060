"""Editors work in Wagtail's admin: the page tree's rules and the edit views."""

import pytest

from wagtail.test.utils import WagtailPageTestCase

from cluster.models import (
    CityPage,
    ClusterPage,
    KnowledgeProduct,
    NewsItem,
    OrganisationPage,
    Topic,
    Video,
)
from home.models import HomePage
from tests.seed import english


class PageTreeRules(WagtailPageTestCase):
    def test_members_live_under_the_cluster_page_only(self):
        self.assertAllowedParentPageTypes(CityPage, {ClusterPage})
        self.assertAllowedParentPageTypes(OrganisationPage, {ClusterPage})
        self.assertAllowedSubpageTypes(ClusterPage, {CityPage, OrganisationPage})
        self.assertAllowedSubpageTypes(HomePage, {ClusterPage})
        self.assertAllowedSubpageTypes(CityPage, set())


@pytest.mark.parametrize("slug, model", [("anyang", CityPage), ("ancmpm", OrganisationPage)])
def test_member_edit_view_opens(editor_client, slug, model):
    page = english(model, slug=slug)
    response = editor_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert page.title.encode() in response.content


@pytest.mark.parametrize("model", [NewsItem, KnowledgeProduct, Video, Topic])
def test_snippet_listing_and_edit_views_open(editor_client, model):
    label = f"{model._meta.app_label}/{model._meta.model_name}"
    assert editor_client.get(f"/admin/snippets/{label}/").status_code == 200
    item = model.objects.first()
    response = editor_client.get(f"/admin/snippets/{label}/edit/{item.pk}/")
    assert response.status_code == 200


def test_cluster_page_edit_view_shows_the_figures(editor_client):
    cluster = english(ClusterPage)
    response = editor_client.get(f"/admin/pages/{cluster.pk}/edit/")
    assert response.status_code == 200
    assert b"UNESCO" in response.content
