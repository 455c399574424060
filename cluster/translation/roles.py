"""The admin's roles by name, and who is confined to which languages.

- **Editors** work on every language and every object.
- **Translators <language>** (one group per entry of `TRANSLATOR_GROUPS`) edit and publish what
  is already in their language, nothing else: no creating, deleting, moving, copying,
  unpublishing, privacy, aliases, locks or reordering.

A user is *confined* when they belong to a translator group and are neither a superuser nor an
Editor. Page models (through `cluster.translation.page_permissions`) and the admin's guards
(`cluster.translation.permissions`, `cluster.translation.translator_admin`) ask
`confined_languages(user)`; this module
imports no models, so both may import it.
"""

from cluster.compat import remembered_on_user
from cluster.languages import TRANSLATION_LANGUAGES

EDITORS_GROUP = "Editors"
TRANSLATOR_GROUPS = {language: f"Translators {language}" for language in TRANSLATION_LANGUAGES}


def confined_languages(user):
    """The language codes a user may work in, or None when the user is not confined.

    A confined user may work in the languages of their translator groups only; an anonymous user
    in none. Kept on the user object, which lives for one request (`remembered_on_user`).
    """
    return remembered_on_user(user, "confined_languages", read_confined_languages)


def read_confined_languages(user):
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    group_names = set(user.groups.values_list("name", flat=True))
    if EDITORS_GROUP in group_names:
        return None
    languages = frozenset(
        language for language, group in TRANSLATOR_GROUPS.items() if group in group_names
    )
    return languages or None


def is_confined(user):
    """Whether the user is a translator, who may only edit and publish."""
    return confined_languages(user) is not None


def user_may_work_in(user, language_code):
    languages = confined_languages(user)
    return languages is None or language_code in languages


def user_may_work_on(user, instance):
    return user_may_work_in(user, instance.locale.language_code)
