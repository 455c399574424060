import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make sure the superuser 'admin' exists. Its password comes from ADMIN_PASSWORD; "
        "without it a password is generated and printed once, when the user is created."
    )

    def handle(self, **options):
        User = get_user_model()
        password = os.environ.get("ADMIN_PASSWORD")
        user = User.objects.filter(username="admin").first()
        if user is not None:
            if password and not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write("Superuser 'admin' exists; password set from ADMIN_PASSWORD.")
            else:
                self.stdout.write("Superuser 'admin' exists.")
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@example.org", password)
        if generated:
            self.stdout.write(
                self.style.WARNING(f"Created superuser 'admin' with password: {password}")
            )
        else:
            self.stdout.write("Created superuser 'admin' with the password from ADMIN_PASSWORD.")
