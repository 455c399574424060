"""A translation longer than the field it goes to is an entry error when the PO files are
checked (`import_translations --check`), never a database error while writing."""

import io

import polib
import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from cluster.models import CityPage, NewsItem, Recording
from cluster.translation.po_import import (
    TranslationFilesInvalid,
    export_translations,
    import_translations,
    read_translation_files,
)
from cluster.translation.translation_limits import max_length_at
from tests.seed import locale

pytestmark = pytest.mark.django_db

REGION_MAX = CityPage._meta.get_field("region").max_length  # 120


@pytest.fixture
def spanish_files(tmp_path):
    export_translations(tmp_path, "es")
    return tmp_path


def translate(path, context_prefix, msgstr):
    """Give the first entry whose msgctxt starts with `context_prefix` this translation;
    returns (its number in the file, its msgctxt)."""
    po = polib.pofile(str(path))
    number, entry = next(
        (n, e) for n, e in enumerate(po, start=1) if e.msgctxt.startswith(context_prefix)
    )
    entry.msgstr = msgstr
    po.save(str(path))
    return number, entry.msgctxt


def test_a_translation_longer_than_its_field_is_an_entry_error(spanish_files):
    path = spanish_files / "es" / "citypage" / "puebla.po"
    number, _context = translate(path, "region", "R" * (REGION_MAX + 1))

    with pytest.raises(TranslationFilesInvalid) as invalid:
        read_translation_files(spanish_files)

    assert [str(error) for error in invalid.value.errors] == [
        f"{path}: entry {number} (msgctxt 'region'): too long (121 characters, at most 120)"
    ]


def test_the_check_command_reports_it_and_writes_nothing(spanish_files):
    path = spanish_files / "es" / "citypage" / "puebla.po"
    translate(path, "title", "P" * 300)
    spanish_title = CityPage.objects.get(slug="puebla", locale=locale("en")).get_translation(
        locale("es")
    )
    stderr = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_translations", str(spanish_files), "--check", stderr=stderr)

    assert "(msgctxt 'title'): too long (300 characters, at most 255)" in stderr.getvalue()
    assert CityPage.objects.get(pk=spanish_title.pk).title == spanish_title.title


def test_an_inline_childs_field_has_its_own_limit(spanish_files):
    path = (
        spanish_files / "es" / "newsitem" / "leveraging-digital-innovation-world-heritage-cities.po"
    )
    number, context = translate(path, "recordings.", "L" * 256)

    with pytest.raises(TranslationFilesInvalid) as invalid:
        read_translation_files(spanish_files)

    assert context.endswith(".label")
    assert [str(error) for error in invalid.value.errors] == [
        f"{path}: entry {number} (msgctxt {context!r}): too long (256 characters, at most 255)"
    ]


def test_a_translation_as_long_as_its_field_is_imported(spanish_files):
    path = spanish_files / "es" / "citypage" / "puebla.po"
    # Entities count as the character they stand for, as wagtail-localize stores them.
    translate(path, "region", "R&amp;" * (REGION_MAX // 2))  # 360 characters in the file

    import_translations(read_translation_files(spanish_files))

    puebla = CityPage.objects.get(slug="puebla", locale=locale("en"))
    assert puebla.get_translation(locale("es")).region == "R&" * (REGION_MAX // 2)


@pytest.mark.parametrize(
    "model, context, limit",
    [
        (CityPage, "title", 255),
        (CityPage, "slug", 255),
        (CityPage, "region", 120),
        (CityPage, "summary", 400),
        (CityPage, "body.0b8e8a5f-1e0e-4c5e-9b7c-2a0c5c0a1b2c", None),
        (CityPage, "facts.0b8e8a5f-1e0e-4c5e-9b7c-2a0c5c0a1b2c.source", None),
        (NewsItem, "recordings.some-key.label", Recording._meta.get_field("label").max_length),
        (NewsItem, "no_such_field", None),
    ],
)
def test_a_msgctxt_names_the_field_whose_length_limits_it(model, context, limit):
    assert max_length_at(model, context) == limit
