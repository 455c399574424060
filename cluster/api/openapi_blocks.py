"""The JSON schemas of StreamField blocks in the OpenAPI document: the blocks with an API
representation of their own (BLOCK_SCHEMAS), Wagtail's structural and field blocks."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from cluster.api.fields import INTEGER_ID, URL, nullable, strict_object
from cluster.api.openapi_common import STRING, SchemaError
from cluster.blocks import CaptionedImageBlock, CitedFigureBlock, FactBlock, PlayerEmbedBlock

# --- Blocks with an API representation of their own -----------------------------------------


def choice_values(block):
    return [value for value, _label in block.field.choices if value != ""]


def fact_schema(block):
    children = block.child_blocks
    return strict_object(
        {
            "key": {"type": "string", "enum": choice_values(children["key"])},
            "label": STRING,
            "value": {"type": "number"},
            "unit": {"type": "string", "enum": choice_values(children["unit"])},
            "year": nullable({"type": "integer"}),
            "source": STRING,
            "note": STRING,
        }
    )


def cited_figure_schema(block):
    return strict_object(
        {
            "value": {"type": "number"},
            "unit": {"type": "string", "enum": choice_values(block.child_blocks["unit"])},
            "measure": STRING,
            "source": STRING,
            "year": {"type": "integer"},
            "period": STRING,
            "source_url": nullable(URL),
        }
    )


def captioned_image_schema(block):
    rendition = strict_object(
        {"url": URL, "width": {"type": "integer"}, "height": {"type": "integer"}, "alt": STRING}
    )
    return strict_object({"image": nullable(rendition), "caption": STRING, "credit": STRING})


def player_embed_schema(block):
    return {
        **strict_object(
            {
                "url": URL,
                "provider": nullable(STRING),
                "type": nullable(STRING),
                "html": nullable({"type": "string", "contentMediaType": "text/html"}),
                "width": nullable({"type": "integer"}),
                "height": nullable({"type": "integer"}),
            }
        ),
        "description": "An embedded video or other media with its player (`html`, an iframe); "
        "everything but `url` is null when no provider knows the address.",
    }


BLOCK_SCHEMAS = {
    FactBlock: fact_schema,
    CitedFigureBlock: cited_figure_schema,
    CaptionedImageBlock: captioned_image_schema,
    PlayerEmbedBlock: player_embed_schema,
}


class BlockSchemas:
    """DocumentBuilder's methods for blocks."""

    def block_schema(self, block):
        own_class = not type(block).__module__.startswith("wagtail.")
        name = type(block).__name__.removesuffix("Block")
        explicit = BLOCK_SCHEMAS.get(type(block))
        if explicit is not None:
            schema = explicit(block)
        elif isinstance(block, blocks.RichTextBlock):  # ours is sanitized, still rich text
            return self.rich_text()
        elif own_class and self.has_own_api_representation(block):
            raise SchemaError(
                f"{type(block).__name__} has its own API representation: give it a schema in "
                "BLOCK_SCHEMAS (cluster/api/openapi_blocks.py)"
            )
        elif isinstance(block, blocks.StreamBlock):
            schema = self.stream_items(block)
        elif isinstance(block, blocks.StructBlock):
            schema = strict_object(
                {child: self.block_schema(b) for child, b in block.child_blocks.items()}
            )
        else:
            return self.field_block_schema(block)
        return self.component(name, schema) if own_class else schema

    @staticmethod
    def has_own_api_representation(block):
        for cls in type(block).__mro__:
            if "get_api_representation" in vars(cls):
                return not cls.__module__.startswith("wagtail.")
        return False

    def field_block_schema(self, block):
        optional = not block.required
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text()
        if isinstance(block, blocks.ChoiceBlock):
            return {"type": "string", "enum": choice_values(block) + ([""] if optional else [])}
        if isinstance(block, EmbedBlock):
            return {**URL, "description": "The address of the embedded media."}
        if isinstance(block, blocks.URLBlock):
            return {"anyOf": [URL, {"const": ""}]} if optional else URL
        if isinstance(block, (blocks.CharBlock, blocks.TextBlock, blocks.RegexBlock)):
            return STRING
        if isinstance(block, blocks.BooleanBlock):
            return {"type": "boolean"}
        simple = {
            blocks.IntegerBlock: {"type": "integer"},
            blocks.FloatBlock: {"type": "number"},
            blocks.DateBlock: {"type": "string", "format": "date"},
            ImageChooserBlock: INTEGER_ID,
        }
        for block_class, schema in simple.items():
            if isinstance(block, block_class):
                return nullable(schema) if optional else schema
        raise SchemaError(f"no JSON schema for the block {type(block).__name__}")

    def stream_items(self, stream_block):
        variants = [
            strict_object(
                {
                    "type": {"type": "string", "const": name},
                    "value": self.block_schema(child),
                    "id": {"type": "string", "format": "uuid"},
                }
            )
            for name, child in stream_block.child_blocks.items()
        ]
        return {"type": "array", "items": {"oneOf": variants}}
