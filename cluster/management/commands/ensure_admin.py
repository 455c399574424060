import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

# Wagtail's account settings form requires a first and last name: without them the admin user
# could not save any setting, such as the admin's language.
ADMIN_NAME = {"first_name": "Cities Cluster", "last_name": "Administrator"}


class Command(BaseCommand):
    help = (
        "Make sure the superuser 'admin' exists, with a name. Its password comes from "
        "ADMIN_PASSWORD; without it a password is generated and printed once, when the user is "
        "created."
    )

    def handle(self, **options):
        User = get_user_model()
        password = os.environ.get("ADMIN_PASSWORD")
        user = User.objects.filter(username="admin").first()
        if user is not None:
            named = give_a_name(user)
            if password and not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write("Superuser 'admin' exists; password set from ADMIN_PASSWORD.")
            else:
                self.stdout.write("Superuser 'admin' exists.")
            if named:
                self.stdout.write(f"Named it '{user.get_full_name()}'.")
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@example.org", password, **ADMIN_NAME)
        if generated:
            self.stdout.write(
                self.style.WARNING(f"Created superuser 'admin' with password: {password}")
            )
        else:
            self.stdout.write("Created superuser 'admin' with the password from ADMIN_PASSWORD.")


def give_a_name(user):
    """Fill in the first and last name where they are empty (a name someone chose stays);
    returns whether anything changed."""
    missing = {field: value for field, value in ADMIN_NAME.items() if not getattr(user, field)}
    for field, value in missing.items():
        setattr(user, field, value)
    if missing:
        user.save(update_fields=list(missing))
    return bool(missing)
