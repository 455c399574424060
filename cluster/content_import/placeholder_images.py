"""Placeholder hero images, drawn with Pillow until real photographs replace them."""

import hashlib
import io

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from django.core.files.base import ContentFile

from wagtail.images import get_image_model

HERO_SIZE = (1600, 900)


def draw_placeholder(title, colour):
    """PNG bytes: a colour field with the title centred on it, and a thin frame. The same
    inputs give the same bytes, which is what makes re-imports idempotent.

    Drawn as a palette image (the background, the frame, and the title's colour in 16 shades for
    its anti-aliased edges): a third of the bytes of RGB to compress, and PNG encoding was most
    of the time an import spent on a member's page."""
    width, height = HERO_SIZE
    coverage = PILImage.new("L", HERO_SIZE, 0)  # how much of each pixel the title covers
    ImageDraw.Draw(coverage).text(
        (width / 2, height / 2), title, fill=255, font=_font(title), anchor="mm"
    )
    image = coverage.point(lambda value: round(value * (SHADES - 1) / 255))
    ImageDraw.Draw(image).rectangle([40, 40, width - 41, height - 41], outline=FRAME, width=4)
    image.putpalette(_palette(colour))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


SHADES = 16  # palette entries 0 (background) to 15 (title)
FRAME = SHADES
TITLE_COLOUR = "#fdfaf3"


def _font(title):
    return ImageFont.load_default(size=96 if len(title) < 24 else 56)


def _palette(colour):
    background, title = _rgb(colour), _rgb(TITLE_COLOUR)
    palette = []
    for shade in range(SHADES):
        palette += [
            round(b + (t - b) * shade / (SHADES - 1))
            for b, t in zip(background, title, strict=True)
        ]
    return palette + [min(255, c + 60) for c in background]  # the frame, a lighter shade


def _rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def placeholder_image(slug, title, colour, alt, written_files):
    """The Image for a member's placeholder: reused when one with the same pixels exists,
    else created. Returns (image, created). Stored file names go to `written_files` so that a
    failed import can delete them again."""
    Image = get_image_model()
    data = draw_placeholder(title, colour)
    file_hash = hashlib.sha1(data).hexdigest()
    existing = Image.objects.filter(file_hash=file_hash).first()
    if existing:
        if existing.description != alt:
            existing.description = alt
            existing.save(update_fields=["description"])
        return existing, False
    # The file is stored first and the image given its name and its known size: an image file
    # assigned to a model instance is opened and decoded again for its dimensions, twice.
    file_field = Image._meta.get_field("file")
    name = file_field.generate_filename(Image(), f"placeholder-{slug}.png")
    name = file_field.storage.save(name, ContentFile(data), max_length=file_field.max_length)
    written_files.append(name)
    width, height = HERO_SIZE
    image = Image(
        title=f"{title} (placeholder)",
        description=alt,
        file=name,
        width=width,
        height=height,
        file_size=len(data),
        file_hash=file_hash,
    )
    image.save()
    return image, True
