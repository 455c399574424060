"""The site's root: the three locales and the English home page the default site starts at."""

from wagtail.models import Locale, Page, Site

from cluster.languages import SOURCE_LANGUAGE, TRANSLATION_LANGUAGES
from home.models import HomePage


class ImportConflict(Exception):
    """The database holds something the content cannot be written over."""


def ensure_locales():
    """The source locale and the two translation locales exist; returns the source locale."""
    for code in [SOURCE_LANGUAGE, *TRANSLATION_LANGUAGES]:
        Locale.objects.get_or_create(language_code=code)
    return Locale.objects.get(language_code=SOURCE_LANGUAGE)


def ensure_home_page(locale):
    """The default site's root is an English HomePage; Wagtail's initial "Welcome" page, if
    still there and empty, is replaced."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2, locale=locale).first()
    if home is None:
        welcome = root.get_children().filter(slug="home").first()
        if welcome is not None:
            if welcome.specific_class is not Page or welcome.get_children_count():
                raise ImportConflict("a page with the slug 'home' already exists at the top")
            welcome.delete()
            root.refresh_from_db()
        home = HomePage(title="Home", slug="home", locale=locale, live=False)
        root.add_child(instance=home)
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Cities Cluster",
        )
    else:
        site.root_page = home
        site.save()
    return home
