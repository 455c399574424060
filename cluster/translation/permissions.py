"""Who may do what in the admin: editors work on everything, translators on one language only,
and there only edit and publish.

Groups and their permissions are declared here and applied by `ensure_groups()`:

- **Editors**: the whole page tree (add, change, publish), every permission on the cluster's
  snippets, images and documents, and wagtail-localize's `submit_translation`.
- **Translators <language>** (one group per entry of `TRANSLATOR_GROUPS`): change and publish on
  that language's page tree and on the cluster's snippets in that language, nothing else: they
  do not create, delete, move, copy, unpublish, lock, reorder, set privacy or convert aliases.

Wagtail derives page actions (delete, move, copy, unpublish, privacy, reorder) from change and
publish; `cluster.translation.page_permissions` refuses them to translators on every page model.
Wagtail
confines page permissions to a subtree, but snippet permissions are per model. A translator's
snippet rights are confined to edit and publish in their languages by three things, all driven
by `confined_languages(user)` (`cluster.translation.roles`):

- `LocaleConfinedPermissionPolicy`, registered for each snippet model: Wagtail's checks (delete,
  copy, unpublish, preview, actions, bulk actions) refuse objects in other languages, and a
  translator is granted nothing but change, publish and view, whatever their groups hold.
- `LocaleConfinedSnippetViewSetMixin`: Wagtail's snippet views only check model permissions
  (a translator with `change_newsitem` could open any news item), and wagtail-localize's
  translation editor, hooked into the snippet edit view, publishes with the model's `publish`
  permission. Every snippet URL that names an object therefore refuses objects in other
  languages before the view runs; unpublishing asks the policy for "unpublish", not "publish".
- `guarded_wagtail_localize_endpoints()`: wagtail-localize's endpoints on a translation (edit a
  string, edit an override, machine translate, PO download and upload, preview, stop) check
  snippet permissions per model too, and its "convert to alias" only checks that the page may be
  edited. The same routes are served first by guarded copies of wagtail-localize's own views.

`cluster.translation.translator_admin` hides from translators the buttons no permission check
covers and
refuses them bulk actions other than publishing. Users in no translator group, Editors and
superusers are not confined: for them Wagtail's permissions apply unchanged.
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
from wagtail.snippets.views.snippets import UnpublishView
from wagtail_localize.models import Translation

from cluster.models import GlossaryTerm, KnowledgeProduct, NewsItem, Topic, Video
from cluster.translation.moderation_workflow import ensure_moderation_workflow
from cluster.translation.roles import (
    EDITORS_GROUP,
    TRANSLATOR_GROUPS,
    confined_languages,
    is_confined,
    user_may_work_in,
    user_may_work_on,
)
from home.models import HomePage

SNIPPET_MODELS = (NewsItem, KnowledgeProduct, Video, Topic)

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
SUBMIT_TRANSLATION = ("wagtail_localize", "submit_translation")
EDITOR_PAGE_PERMISSIONS = ("add", "change", "publish")
TRANSLATOR_PAGE_PERMISSIONS = ("change", "publish")
TRANSLATOR_SNIPPET_ACTIONS = ("change", "publish")
# What the snippet policy may grant a translator: their group's actions, and reading.
SNIPPET_ACTIONS_TRANSLATORS_MAY_HAVE = frozenset([*TRANSLATOR_SNIPPET_ACTIONS, "view"])
# Wagtail grants unpublishing with the publish permission; this policy asks for "unpublish".
SNIPPET_ACTIONS_GRANTED_BY = {"unpublish": "publish"}
EDITOR_MEDIA_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "delete_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "delete_document", "choose_document"),
}


# --- the snippet permission policy ----------------------------------------------------------


class LocaleConfinedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed for translators to editing and publishing objects in
    their languages.

    Wagtail's `ModelPermissionPolicy` answers per model; instance-level questions here also ask
    whether the object's locale is one the user may work in. A confined user has no action
    beyond `SNIPPET_ACTIONS_TRANSLATORS_MAY_HAVE`, whatever their groups hold: no `add` (creating
    makes source content, the Editors' job), no `delete`, no `unpublish`. "unpublish" is granted
    to others by the publish permission, as in Wagtail.
    """

    def user_has_permission(self, user, action):
        if is_confined(user) and action not in SNIPPET_ACTIONS_TRANSLATORS_MAY_HAVE:
            return False
        return super().user_has_permission(user, SNIPPET_ACTIONS_GRANTED_BY.get(action, action))

    def users_with_any_permission(self, actions):
        users = super().users_with_any_permission(
            {SNIPPET_ACTIONS_GRANTED_BY.get(action, action) for action in actions}
        )
        if SNIPPET_ACTIONS_TRANSLATORS_MAY_HAVE.isdisjoint(actions):
            users = users.exclude(pk__in=confined_users())
        return users

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
        return users.exclude(pk__in=confined_users(may_work_in=instance.locale.language_code))


def confined_users(may_work_in=None):
    """Users in a translator group who are neither superusers nor Editors (the ids), leaving out
    those whose groups include the language `may_work_in`."""
    User = get_user_model()
    translators = User.objects.filter(groups__name__in=TRANSLATOR_GROUPS.values()).exclude(
        is_superuser=True
    )
    unconfined = User.objects.filter(groups__name=EDITORS_GROUP)
    if may_work_in in TRANSLATOR_GROUPS:
        unconfined |= User.objects.filter(groups__name=TRANSLATOR_GROUPS[may_work_in])
    return translators.exclude(pk__in=unconfined.values("pk")).values("pk")


class TranslatorRefusedUnpublishView(UnpublishView):
    """Wagtail's snippet unpublish view, asking the policy for "unpublish" (which translators
    are never granted) instead of "publish"."""

    permission_required = "unpublish"


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
    refuses objects outside the user's languages, and unpublishing is refused to translators."""

    unpublish_view_class = TranslatorRefusedUnpublishView

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


def refuse_confined_users(view):
    """Wrap a view so that it refuses translators."""

    @wraps(view)
    def unconfined_view(request, *args, **kwargs):
        if is_confined(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return unconfined_view


# wagtail-localize endpoints that only check whether the page may be edited.
LOCALIZE_ENDPOINTS_REFUSED_TO_TRANSLATORS = ("convert_to_alias",)


def guarded_wagtail_localize_endpoints():
    """Admin URL patterns serving wagtail-localize's per-translation endpoints through
    `refuse_translations_into_other_languages`, and its "convert to alias" through
    `refuse_confined_users`.

    They are wagtail-localize's own routes and views, read from its `register_admin_urls` hook
    so that they follow its upgrades; registered ahead of wagtail-localize's patterns, they are
    the ones that resolve, while `reverse("wagtail_localize:...")` still gives the same paths.
    """
    from wagtail_localize.wagtail_hooks import register_admin_urls

    (localize_urls,) = register_admin_urls()
    guarded = []
    for pattern in localize_urls.url_patterns:
        if pattern.name in LOCALIZE_ENDPOINTS_REFUSED_TO_TRANSLATORS:
            guarded.append(path(str(pattern.pattern), refuse_confined_users(pattern.callback)))
        elif "translation_id" in getattr(pattern.pattern, "converters", {}):
            callback = refuse_translations_into_other_languages(pattern.callback)
            guarded.append(path(str(pattern.pattern), callback))
    return [path(str(localize_urls.pattern), include(guarded))]


# --- groups --------------------------------------------------------------------------------


def ensure_groups():
    """Create or update the Editors and translator groups; returns them by name.

    Idempotent and declarative: each group ends up with exactly the permissions declared above
    (extra ones, such as those Wagtail's initial migration gives its own "Editors" group, are
    removed). A translator group whose language has no home page yet gets no page permissions;
    running again after the translations are imported adds them. What is submitted for
    moderation goes to the Editors (`cluster.translation.moderation_workflow`).
    """
    with transaction.atomic():
        groups = {EDITORS_GROUP: _ensure_editors()}
        for language, name in TRANSLATOR_GROUPS.items():
            groups[name] = _ensure_translators(name, language)
        ensure_moderation_workflow(groups[EDITORS_GROUP])
    return groups


def _ensure_editors():
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    snippet_types = ContentType.objects.get_for_models(*SNIPPET_MODELS).values()
    group.permissions.set(
        [
            _permission(*ADMIN_ACCESS),
            _permission(*SUBMIT_TRANSLATION),
            *Permission.objects.filter(content_type__in=snippet_types),
            # The heritage glossary: editors keep its terms (translators only follow them).
            *Permission.objects.filter(
                content_type=ContentType.objects.get_for_model(GlossaryTerm)
            ),
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
