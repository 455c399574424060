"""The private names of libraries that `cluster/compat.py` relies on are still there and still
work as it assumes: an upgrade that changes one fails here, loudly, by name."""

import inspect

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.api.v2.views import BaseAPIViewSet

from cluster.api.endpoint_contract import serializer_class_for
from cluster.models import CityPage
from cluster.translation.roles import EDITORS_GROUP, TRANSLATOR_GROUPS, confined_languages
from tests.seed import english, locale


def test_wagtail_builds_serializer_classes_in_the_classmethod_the_hook_overrides():
    builder = inspect.getattr_static(BaseAPIViewSet, "_get_serializer_class")
    assert isinstance(builder, classmethod), "Wagtail's _get_serializer_class is gone or changed"
    parameters = inspect.signature(BaseAPIViewSet._get_serializer_class).parameters
    assert list(parameters) == ["router", "model", "fields_config", "show_details", "nested"]
    assert parameters["show_details"].default is False
    assert parameters["nested"].default is False


@pytest.mark.django_db
def test_a_request_gets_its_serializer_class_through_the_hook(client):
    serializer_class_for.cache_clear()
    assert client.get("/api/v2/pages/", {"type": "cluster.CityPage"}).status_code == 200
    built = serializer_class_for.cache_info().misses
    assert built >= 1, "Wagtail no longer asks _get_serializer_class for a request's serializer"

    assert client.get("/api/v2/pages/", {"type": "cluster.CityPage"}).status_code == 200
    assert serializer_class_for.cache_info().misses == built  # the same shape: the same class


@pytest.mark.django_db
def test_confinement_is_remembered_on_the_user_object(django_user_model, django_assert_num_queries):
    user = django_user_model.objects.create_user("translator", "t@example.org", "pw")
    user.groups.add(Group.objects.get(name=TRANSLATOR_GROUPS["es"]))

    with django_assert_num_queries(1):
        assert confined_languages(user) == {"es"}
        assert confined_languages(user) == {"es"}


@pytest.mark.django_db
def test_each_request_sees_the_users_groups_as_they_are_now(client, django_user_model):
    """Django builds `request.user` afresh for every request, so what is remembered on it lasts
    one request: a translator made an Editor may delete a page on their next request."""
    user = django_user_model.objects.create_user("translator", "t@example.org", "pw")
    user.groups.add(Group.objects.get(name=TRANSLATOR_GROUPS["es"]))
    client.force_login(user)
    page = english(CityPage, slug="anyang").get_translation(locale("es"))
    delete_url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    assert client.get(delete_url).status_code != 200

    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    assert client.get(delete_url).status_code == 200
