import pytest

from django.contrib.auth.models import Group

from cluster.translation.roles import TRANSLATOR_GROUPS


@pytest.fixture
def translator(django_user_model, db):
    """A new translator confined to one language: `translator("zh-hans")`."""

    def make(language):
        user = django_user_model.objects.create_user(username=f"translator-{language}")
        user.groups.add(Group.objects.get(name=TRANSLATOR_GROUPS[language]))
        return user

    return make
