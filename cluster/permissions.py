"""Who may do what in the admin: editors work on everything, translators on one language only.

Groups and their permissions are declared here and applied by `ensure_groups()`:

- **Editors**: the whole page tree (add, change, publish), every permission on the cluster's
  snippets, images and documents, and wagtail-localize's `submit_translation`.
- **Translators <language>** (one group per entry of `TRANSLATOR_GROUPS`): change and publish on
  that language's page tree and on the cluster's snippets in that language. No `add`, so a
  translator never creates source content, and no rights on the English tree.

Wagtail confines page permissions to a subtree, but snippet permissions are per model. A
translator's snippet rights are confined to their languages by three things, all driven by
`confined_languages(user)`:

- `LocaleConfinedPermissionPolicy`, registered for each snippet model: Wagtail's instance-level
  checks (delete, copy, preview, actions, bulk actions) refuse objects in other languages, and a
  translator may never `add`.
- `LocaleConfinedSnippetViewSetMixin`: Wagtail's snippet views only check model permissions
  (a translator with `change_newsitem` could open any news item), and wagtail-localize's
  translation editor, hooked into the snippet edit view, publishes with the model's `publish`
  permission. Every snippet URL that names an object therefore refuses objects in other
  languages before the view runs.
- `translation_endpoints_confined_to_user_languages()`: wagtail-localize's endpoints on a
  translation (edit a string, edit an override, machine translate, PO download and upload,
  preview, stop) check snippet permissions per model too. The same routes are served first by
  guarded copies of wagtail-localize's own views.

Users in no translator group, Editors and superusers are not confined: for them Wagtail's
permissions apply unchanged.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import include, path

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail_localize.models import Translation

from home.models import HomePage

from .models import KnowledgeProduct, NewsItem, Topic, Video

EDITORS_GROUP = "Editors"
TRANSLATOR_GROUPS = {"zh-hans": "Translators zh-hans", "es": "Translators es"}
SNIPPET_MODELS = (NewsItem, KnowledgeProduct, Video, Topic)

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
SUBMIT_TRANSLATION = ("wagtail_localize", "submit_translation")
EDITOR_PAGE_PERMISSIONS = ("add", "change", "publish")
TRANSLATOR_PAGE_PERMISSIONS = ("change", "publish")
TRANSLATOR_SNIPPET_ACTIONS = ("change", "publish")
EDITOR_MEDIA_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "delete_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "delete_document", "choose_document"),
}


# --- whose work is confined to which languages -----------------------------------------------


def confined_languages(user):
    """The language codes a user may work in, or None when the user is not confined.

    A user is confined when they belong to a translator group and are neither a superuser nor an
    Editor; a confined user may work in the languages of their translator groups only. Cached on
    the user object for the request.
    """
    if not hasattr(user, "_cluster_confined_languages"):
        user._cluster_confined_languages = _confined_languages(user)
    return user._cluster_confined_languages


def _confined_languages(user):
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


def user_may_work_in(user, language_code):
    languages = confined_languages(user)
    return languages is None or language_code in languages


def user_may_work_on(user, instance):
    return user_may_work_in(user, instance.locale.language_code)


class LocaleConfinedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed for translators to objects in their languages.

    Wagtail's `ModelPermissionPolicy` answers per model; instance-level questions here also ask
    whether the object's locale is one the user may work in. A confined user may not `add`:
    creating an object makes source content, which is the Editors' job.
    """

    def user_has_permission(self, user, action):
        if action == "add" and confined_languages(user) is not None:
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and user_may_work_on(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and user_may_work_on(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        languages = confined_languages(user)
        if languages is None:
            return instances
        return instances.filter(locale__language_code__in=languages)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = super().users_with_any_permission_for_instance(actions, instance)
        return users.exclude(pk__in=users_confined_away_from(instance.locale.language_code))


def users_confined_away_from(language_code):
    """Users whose translator groups do not include `language_code` (nor are they Editors)."""
    User = get_user_model()
    translators = User.objects.filter(groups__name__in=TRANSLATOR_GROUPS.values()).exclude(
        is_superuser=True
    )
    unconfined = User.objects.filter(groups__name=EDITORS_GROUP)
    if language_code in TRANSLATOR_GROUPS:
        unconfined |= User.objects.filter(groups__name=TRANSLATOR_GROUPS[language_code])
    return translators.exclude(pk__in=unconfined.values("pk")).values("pk")


# --- refusing objects in other languages at the URL ----------------------------------------


def refuse_objects_in_other_languages(view, model):
    """Wrap a view taking an object's `pk` so that it refuses objects the user may not work on."""

    @wraps(view)
    def confined_view(request, *args, **kwargs):
        if confined_languages(request.user) is not None:
            language = (
                model._default_manager.filter(pk=unquote(str(kwargs["pk"])))
                .values_list("locale__language_code", flat=True)
                .first()
            )
            if language is not None and not user_may_work_in(request.user, language):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return confined_view


def names_an_object(pattern):
    converters = getattr(pattern.pattern, "converters", {})
    regex_groups = getattr(pattern.pattern, "regex", None)
    return "pk" in converters or (regex_groups is not None and "pk" in regex_groups.groupindex)


class LocaleConfinedSnippetViewSetMixin:
    """For `SnippetViewSet`s of translatable models: every view on one object (edit, and the
    translation editor hooked into it, delete, history, revisions, unpublish, preview ...)
    refuses objects outside the user's languages."""

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if names_an_object(pattern):
                pattern.callback = refuse_objects_in_other_languages(pattern.callback, self.model)
        return patterns


def refuse_translations_into_other_languages(view):
    """Wrap a wagtail-localize view taking a `translation_id` so that it refuses translations
    into a language the user may not work in."""

    @wraps(view)
    def confined_view(request, *args, translation_id, **kwargs):
        if confined_languages(request.user) is not None:
            language = (
                Translation.objects.filter(pk=translation_id)
                .values_list("target_locale__language_code", flat=True)
                .first()
            )
            if language is not None and not user_may_work_in(request.user, language):
                raise PermissionDenied
        return view(request, *args, translation_id=translation_id, **kwargs)

    return confined_view


def translation_endpoints_confined_to_user_languages():
    """Admin URL patterns serving wagtail-localize's per-translation endpoints through
    `refuse_translations_into_other_languages`.

    They are wagtail-localize's own routes and views, read from its `register_admin_urls` hook
    so that they follow its upgrades; registered ahead of wagtail-localize's patterns, they are
    the ones that resolve, while `reverse("wagtail_localize:...")` still gives the same paths.
    """
    from wagtail_localize.wagtail_hooks import register_admin_urls

    (localize_urls,) = register_admin_urls()
    confined = [
        path(str(pattern.pattern), refuse_translations_into_other_languages(pattern.callback))
        for pattern in localize_urls.url_patterns
        if "translation_id" in getattr(pattern.pattern, "converters", {})
    ]
    return [path(str(localize_urls.pattern), include(confined))]


# --- groups --------------------------------------------------------------------------------


def ensure_groups():
    """Create or update the Editors and translator groups; returns them by name.

    Idempotent and declarative: each group ends up with exactly the permissions declared above
    (extra ones, such as those Wagtail's initial migration gives its own "Editors" group, are
    removed). A translator group whose language has no home page yet gets no page permissions;
    running again after the translations are imported adds them.
    """
    with transaction.atomic():
        groups = {EDITORS_GROUP: _ensure_editors()}
        for language, name in TRANSLATOR_GROUPS.items():
            groups[name] = _ensure_translators(name, language)
    return groups


def _ensure_editors():
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    snippet_types = ContentType.objects.get_for_models(*SNIPPET_MODELS).values()
    group.permissions.set(
        [
            _permission(*ADMIN_ACCESS),
            _permission(*SUBMIT_TRANSLATION),
            *Permission.objects.filter(content_type__in=snippet_types),
            _permission("cluster", "view_webhookdelivery"),
        ]
    )
    _set_page_permissions(group, Page.get_first_root_node(), EDITOR_PAGE_PERMISSIONS)
    _set_collection_permissions(group, Collection.get_first_root_node())
    return group


def _ensure_translators(name, language):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(
        [_permission(*ADMIN_ACCESS)]
        + [
            _permission(model._meta.app_label, f"{action}_{model._meta.model_name}")
            for model in SNIPPET_MODELS
            for action in TRANSLATOR_SNIPPET_ACTIONS
        ]
    )
    home = HomePage.objects.filter(depth=2, locale__language_code=language).first()
    _set_page_permissions(group, home, TRANSLATOR_PAGE_PERMISSIONS)
    GroupCollectionPermission.objects.filter(group=group).delete()
    return group


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _set_page_permissions(group, page, actions):
    if page is None:
        GroupPagePermission.objects.filter(group=group).delete()
        return
    wanted = [_permission("wagtailcore", f"{action}_page") for action in actions]
    GroupPagePermission.objects.filter(group=group).exclude(
        page=page, permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _set_collection_permissions(group, collection):
    wanted = [
        _permission(app_label, codename)
        for app_label, codenames in EDITOR_MEDIA_PERMISSIONS.items()
        for codename in codenames
    ]
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=collection, permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
