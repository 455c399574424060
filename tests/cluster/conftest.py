import pytest

from django.contrib.auth.models import Group

from tests.support.admin_actions import ROLES


@pytest.fixture
def log_in_as(client, django_user_model, db):
    """Log the test client in as a new user in one of `ROLES`."""

    def log_in(role):
        group_name, _ = ROLES[role]
        if group_name is None:
            user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
        else:
            user = django_user_model.objects.create_user(username=role)
            user.groups.add(Group.objects.get(name=group_name))
        client.force_login(user)
        return user

    return log_in
