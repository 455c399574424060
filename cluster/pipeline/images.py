"""Placeholder hero images, drawn with Pillow until real photographs replace them."""

import hashlib
import io

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

HERO_SIZE = (1600, 900)


def draw_placeholder(title, colour):
    """PNG bytes: a colour field with the title centred on it, and a thin frame. The same
    inputs give the same bytes, which is what makes re-imports idempotent."""
    image = PILImage.new("RGB", HERO_SIZE, colour)
    draw = ImageDraw.Draw(image)
    width, height = HERO_SIZE
    draw.rectangle([40, 40, width - 41, height - 41], outline=_lighter(colour), width=4)
    font = ImageFont.load_default(size=96 if len(title) < 24 else 56)
    draw.text((width / 2, height / 2), title, fill="#fdfaf3", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _lighter(colour):
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(min(255, c + 60) for c in (red, green, blue)))


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
    image = Image(title=f"{title} (placeholder)", description=alt)
    image.file = ImageFile(io.BytesIO(data), name=f"placeholder-{slug}.png")
    image.file_hash = file_hash
    image.save()
    written_files.append(image.file.name)
    return image, True
