"""The admin's first impressions: the Site is named after the cluster, and the `make run` admin
user has a name, so that saving its account settings (switching the admin's language) works."""

import importlib
from io import StringIO

import pytest

from django import forms
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Site
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


def test_the_default_site_is_named_after_the_cluster():
    site = Site.objects.get(is_default_site=True)

    assert site.site_name == "Cities Cluster"
    assert str(site.root_page.specific.__class__.__name__) == "HomePage"


def test_the_migration_names_a_nameless_site_and_keeps_a_chosen_name():
    migration = importlib.import_module("home.migrations.0004_site_name")
    home = Site.objects.get(is_default_site=True).root_page
    nameless = Site.objects.create(hostname="localhost", port=8080, root_page=home)
    named = Site.objects.create(hostname="example.org", root_page=home, site_name="Ciudades")

    migration.name_unnamed_sites(django_apps, None)

    nameless.refresh_from_db()
    named.refresh_from_db()
    assert (nameless.site_name, named.site_name) == ("Cities Cluster", "Ciudades")
    assert str(nameless) == "Cities Cluster"


def ensure_admin(monkeypatch, password="a-test-password"):
    monkeypatch.setenv("ADMIN_PASSWORD", password)
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_ensure_admin_creates_an_admin_with_a_name(monkeypatch):
    output = ensure_admin(monkeypatch)

    admin = get_user_model().objects.get(username="admin")
    assert "Created superuser 'admin'" in output
    assert (admin.first_name, admin.last_name) == ("Cities Cluster", "Administrator")


def test_ensure_admin_names_an_existing_nameless_admin_and_keeps_a_chosen_name(monkeypatch):
    User = get_user_model()
    User.objects.create_superuser("admin", "admin@example.org", "x", first_name="Ana")

    output = ensure_admin(monkeypatch)
    again = ensure_admin(monkeypatch)

    admin = User.objects.get(username="admin")
    assert (admin.first_name, admin.last_name) == ("Ana", "Administrator")
    assert "Named it 'Ana Administrator'." in output
    assert "Named it" not in again


def account_form_as_the_browser_sends_it(client):
    """The account settings page's forms, with every field as the page shows it: what a browser
    posts when the user changes nothing."""
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    data = {}
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            for field in panel.get_form():
                if isinstance(field.field, forms.FileField):
                    continue  # no file chosen: the browser sends none
                value = field.value()
                if field.widget_type == "checkbox":
                    if value:
                        data[field.html_name] = "on"
                elif value is not None:
                    data[field.html_name] = value
    return data


def test_the_make_run_admin_can_switch_the_admin_language(monkeypatch, client):
    ensure_admin(monkeypatch)
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    data = account_form_as_the_browser_sends_it(client)

    response = client.post(
        reverse("wagtailadmin_account"), {**data, "locale-preferred_language": "zh-hans"}
    )

    assert response.status_code == 302
    assert UserProfile.get_for_user(admin).get_preferred_language() == "zh-hans"


def test_a_nameless_admin_could_not(client, django_user_model):
    """What ensure_admin used to make: the same post fails on the name fields."""
    nameless = django_user_model.objects.create_superuser("nameless", "n@example.org", "x")
    client.force_login(nameless)
    data = account_form_as_the_browser_sends_it(client)

    response = client.post(
        reverse("wagtailadmin_account"), {**data, "locale-preferred_language": "zh-hans"}
    )

    assert response.status_code == 200
    assert UserProfile.get_for_user(nameless).preferred_language != "zh-hans"
