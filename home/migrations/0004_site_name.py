"""The default Site is named after the cluster: Wagtail's initial migration creates it as
"localhost" without a name, and the admin shows that name (its dashboard, the Sites listing,
page choosers). Only a site without a name is named; reversing leaves names as they are."""

from django.db import migrations
from django.db.models import Q

SITE_NAME = "Cities Cluster"


def name_unnamed_sites(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Site.objects.filter(Q(site_name="") | Q(site_name__isnull=True)).update(site_name=SITE_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_help_texts"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(name_unnamed_sites, migrations.RunPython.noop)]
