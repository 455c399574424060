"""Every field an editor fills has a help text: on every page model and snippet of the project,
through its edit handler (the panels the admin shows, inline panels included), and on every
StreamField block down to the leaves. No database needed."""

from django.db.models import Field
from django.utils.translation import override

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, get_edit_handler
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

PROJECT_APPS = {"cluster", "home"}

# Deliberate exceptions: the fields of Wagtail's own Page model (title, slug, the promote tab's
# SEO fields and the publishing schedule) are explained by Wagtail in its own panels.
WAGTAIL_PAGE_FIELDS = {field.name for field in Page._meta.get_fields()}


def project_models():
    pages = [model for model in get_page_models() if model._meta.app_label in PROJECT_APPS]
    snippets = [model for model in get_snippet_models() if model._meta.app_label in PROJECT_APPS]
    return pages + snippets


def panel_fields(panel, model):
    """(model, field name) for every FieldPanel under `panel`, following InlinePanels into the
    related model's panels."""
    if isinstance(panel, InlinePanel):
        yield from panel_fields(panel.child_edit_handler, panel.db_field.related_model)
    elif isinstance(panel, FieldPanel):
        yield model, panel.field_name
    for child in getattr(panel, "children", []):
        yield from panel_fields(child, model)


def editable_fields():
    for root_model in project_models():
        for model, name in panel_fields(get_edit_handler(root_model), root_model):
            field = model._meta.get_field(name)
            if issubclass(model, Page) and name in WAGTAIL_PAGE_FIELDS:
                continue
            yield (
                f"{root_model.__name__}.{name}"
                if model is root_model
                else (f"{root_model.__name__} > {model.__name__}.{name}"),
                field,
            )


def leaf_blocks(block, path):
    """(dotted path, block) for every block an editor fills in, inside `block`."""
    children = getattr(block, "child_blocks", None)
    if children:
        for name, child in children.items():
            yield from leaf_blocks(child, f"{path}.{name}")
    elif isinstance(block, blocks.ListBlock):
        yield from leaf_blocks(block.child_block, f"{path}.item")
    else:
        yield path, block


def block_help_text(block):
    if isinstance(block, blocks.FieldBlock):
        return block.field.help_text
    return getattr(block.meta, "help_text", None)


def test_the_walk_covers_the_project_models_panels_and_blocks():
    fields = dict(editable_fields())
    names = {name for name in fields}

    assert {"CityPage.hero_image", "CityPage.hero_image_alt", "CityPage.facts"} <= names
    assert "NewsItem > Recording.url" in names
    assert "Topic.name" in names
    assert "CityPage.title" not in names  # Wagtail's, explained by Wagtail
    streamfields = [field for field in fields.values() if isinstance(field, StreamField)]
    assert len(streamfields) == 6  # themes, figures, body (x2), heritage highlights, facts


def test_every_field_an_editor_fills_has_a_help_text():
    missing = [
        name
        for name, field in editable_fields()
        if isinstance(field, Field) and not str(field.help_text or "").strip()
    ]

    assert missing == []


def test_every_block_an_editor_fills_has_a_help_text():
    missing = [
        path
        for name, field in editable_fields()
        if isinstance(field, StreamField)
        for path, block in leaf_blocks(field.stream_block, name)
        if not str(block_help_text(block) or "").strip()
    ]

    assert missing == []


def test_the_help_texts_read_in_chinese_and_spanish():
    hero_image_help = dict(editable_fields())["CityPage.hero_image"].help_text

    with override("zh-hans"):
        assert "1600" in str(hero_image_help) and "图" in str(hero_image_help)
    with override("es"):
        assert str(hero_image_help).startswith("La imagen")
