"""import_translations never overwrites a translator: a translation changed in the admin (strings
saved in the translation editor, the translation published from it, the translated page edited)
since the last import is listed as `file:line: object: changed in the admin on <date> by <user>`
and the import writes nothing, unless --skip-conflicts or --force is given."""

import datetime
import shutil

import polib
import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from wagtail.models import Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from cluster.content_import.conflicts import FORCE, SKIP, ImportConflicts
from cluster.models import CityPage, ImportRecord
from cluster.translation.po_export import export_translations
from cluster.translation.po_import import import_translations, read_translation_files
from tests.conftest import CONTENT_DIR
from tests.seed import english, locale

pytestmark = pytest.mark.django_db

LOCALE_DIR = CONTENT_DIR / "locale"
EDITED_ON = datetime.datetime(2026, 12, 2, 16, 5, tzinfo=datetime.UTC)
TRANSLATED = "Anyang, una de las ocho antiguas capitales de China (revisado por una traductora)."


@pytest.fixture
def translator(db):
    return get_user_model().objects.create_superuser("traductora", "t@example.org", "pw")


def spanish_anyang():
    return english(CityPage, slug="anyang").get_translation(locale("es"))


def translate_in_the_editor(user, text, capture):
    """What the translation editor does: the string saved as the user's, then "Publish"."""
    source = TranslationSource.objects.get_for_instance(english(CityPage, slug="anyang"))
    StringTranslation.objects.filter(
        context__object_id=source.object_id, context__path="summary", locale=locale("es")
    ).update(data=text, last_translated_by=user, updated_at=timezone.now())
    with capture(execute=True):
        Translation.objects.get(source=source, target_locale=locale("es")).save_target(
            user=user, publish=True
        )


def import_seed_translations(**options):
    return import_translations(read_translation_files(LOCALE_DIR), directory=LOCALE_DIR, **options)


def test_a_translation_made_in_the_editor_stops_the_import(
    translator, django_capture_on_commit_callbacks
):
    translate_in_the_editor(translator, TRANSLATED, django_capture_on_commit_callbacks)

    with pytest.raises(ImportConflicts) as stopped:
        import_seed_translations()

    saved = StringTranslation.objects.get(last_translated_by=translator).updated_at
    assert [str(c) for c in stopped.value.conflicts] == [
        "es/citypage/anyang.po:1: es cluster.citypage:anyang: changed in the admin on "
        f"{saved.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC by traductora (edited)"
    ]
    assert spanish_anyang().summary == TRANSLATED


def test_skip_conflicts_keeps_the_translators_work(translator, django_capture_on_commit_callbacks):
    translate_in_the_editor(translator, TRANSLATED, django_capture_on_commit_callbacks)

    report = import_seed_translations(on_conflict=SKIP)

    assert (
        report.summary() == "0 created, 0 updated, 91 unchanged, 1 skipped (changed in the admin)"
    )
    assert spanish_anyang().summary == TRANSLATED


def test_force_puts_the_files_translation_back(translator, django_capture_on_commit_callbacks):
    seed_summary = spanish_anyang().summary
    translate_in_the_editor(translator, TRANSLATED, django_capture_on_commit_callbacks)

    report = import_seed_translations(on_conflict=FORCE)

    assert len(report.conflicts) == 1 and report.count("updated") == 1
    assert spanish_anyang().summary == seed_summary
    assert import_seed_translations().conflicts == []


def test_a_translated_page_edited_directly_is_kept_and_a_conflict_once_a_file_changes_it(
    tmp_path, translator
):
    page = spanish_anyang()
    page.title = "Anyang (editada)"
    page.save_revision(user=translator).publish(user=translator)
    Revision.objects.filter(user=translator).update(created_at=EDITED_ON)
    files = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, files)

    quiet = import_translations(read_translation_files(files), directory=files)
    assert quiet.conflicts == [] and spanish_anyang().title == "Anyang (editada)"

    po = polib.pofile(str(files / "es" / "citypage" / "anyang.po"))
    next(entry for entry in po if entry.msgctxt == "summary").msgstr = TRANSLATED
    po.save(str(files / "es" / "citypage" / "anyang.po"))
    report = import_translations(read_translation_files(files), directory=files, on_conflict=SKIP)

    assert [str(c) for c in report.conflicts] == [
        "es/citypage/anyang.po:1: es cluster.citypage:anyang: changed in the admin on "
        "2026-12-02 16:05 UTC by traductora (edited)"
    ]
    assert spanish_anyang().title == "Anyang (editada)"


def test_the_editors_translation_exported_into_the_files_is_taken_without_conflict(
    tmp_path, translator, django_capture_on_commit_callbacks
):
    translate_in_the_editor(translator, TRANSLATED, django_capture_on_commit_callbacks)
    export_translations(tmp_path, "es")

    report = import_translations(read_translation_files(tmp_path), directory=tmp_path)

    assert report.conflicts == [] and report.count("unchanged") == 46
    record = ImportRecord.objects.get(object_key="cluster.citypage:anyang", language="es")
    assert record.revision_id == spanish_anyang().latest_revision_id


def test_the_command_lists_the_conflict_and_writes_nothing(
    translator, django_capture_on_commit_callbacks, capsys
):
    translate_in_the_editor(translator, TRANSLATED, django_capture_on_commit_callbacks)

    with pytest.raises(CommandError, match="1 object\\(s\\) changed in the admin"):
        call_command("import_translations", str(LOCALE_DIR), verbosity=0)
    assert "es/citypage/anyang.po:1: es cluster.citypage:anyang:" in capsys.readouterr().err

    call_command("import_translations", str(LOCALE_DIR), "--skip-conflicts", verbosity=0)
    assert "left as they are" in capsys.readouterr().err
    assert spanish_anyang().summary == TRANSLATED
