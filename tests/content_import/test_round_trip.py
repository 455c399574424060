"""Content and translations go out as they came in: `export_content` writes the live content
back in the import's format and layout, `export_translations` the PO files as committed, so a
round trip through the database leaves the repository as it was, and an admin edit comes back
as a small diff the import then takes without a conflict."""

import shutil

import pytest

from django.core.management import call_command

from cluster.content_import.exporting import export_content
from cluster.content_import.reading import FOLDERS, SINGLE_FILES, read_content
from cluster.content_import.writing import import_content
from cluster.models import CityPage, ImportRecord
from cluster.translation.po_export import export_translations
from tests.conftest import CONTENT_DIR
from tests.seed import english

pytestmark = pytest.mark.django_db


def content_files(directory):
    """The files import_content reads (FOLDERS and SINGLE_FILES of reading.py, topics.yaml)."""
    names = [*(name for name, _spec in SINGLE_FILES.values()), "topics.yaml"]
    for folder, _spec in FOLDERS.values():
        names += [f"{folder}/{path.name}" for path in (directory / folder).glob("*.yaml")]
    return sorted(name for name in names if (directory / name).exists())


def test_exporting_the_seed_reproduces_cluster_content_file_by_file(tmp_path):
    written, warnings = export_content(tmp_path)

    assert warnings == []
    assert len(written) == 33  # home, cluster, topics, 18 members, 4 news, 4 knowledge, 4 videos
    assert content_files(tmp_path) == content_files(CONTENT_DIR)
    for name in content_files(CONTENT_DIR):
        exported = (tmp_path / name).read_text(encoding="utf-8")
        assert exported == (CONTENT_DIR / name).read_text(encoding="utf-8"), name


def test_the_comments_on_sources_and_fixed_typos_come_back_where_they_were(tmp_path):
    export_content(tmp_path)

    cluster = (tmp_path / "cluster.yaml").read_text(encoding="utf-8").splitlines()
    typo = cluster.index(
        '    # Seed: "Word Heritage Cities" -> "World Heritage Cities" (typo fixed).'
    )
    assert cluster[typo + 1] == "    description: >-"
    assert cluster[0].startswith("# Written from the Cities Cluster seed page")


def test_export_then_import_dry_run_reports_no_changes(tmp_path):
    export_content(tmp_path)

    report = import_content(read_content(tmp_path), dry_run=True)

    assert (
        report.summary()
        == "Dry run, nothing written: would have 0 created, 0 updated, 46 unchanged"
    )
    assert report.conflicts == []


def test_an_admin_edit_comes_back_as_a_small_diff_and_then_imports_without_conflict(
    tmp_path, editor
):
    repository = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, repository)
    anyang = english(CityPage, slug="anyang")
    anyang.summary = "Anyang, one of the eight ancient capitals of China, edited in the admin."
    anyang.save_revision(user=editor).publish(user=editor)
    assert len(import_content(read_content(repository), dry_run=True).conflicts) == 1

    call_command("export_content", str(repository), verbosity=0)

    before = (CONTENT_DIR / "members" / "anyang.yaml").read_text(encoding="utf-8").splitlines()
    after = (repository / "members" / "anyang.yaml").read_text(encoding="utf-8").splitlines()
    old_summary = before[before.index("summary: >-") : before.index("body:")]
    assert len(old_summary) == 4
    assert [line for line in before if line not in after] == old_summary
    assert [line for line in after if line not in before] == [
        "summary: Anyang, one of the eight ancient capitals of China, edited in the admin."
    ]
    for name in content_files(CONTENT_DIR):
        if name != "members/anyang.yaml":
            assert (repository / name).read_bytes() == (CONTENT_DIR / name).read_bytes(), name
    report = import_content(read_content(repository))
    assert report.conflicts == [] and report.changed == 0
    record = ImportRecord.objects.get(object_key="cluster.citypage:anyang", language="en")
    assert record.revision_id == english(CityPage, slug="anyang").latest_revision_id


def test_the_command_says_how_many_files_it_wrote(tmp_path, capsys):
    call_command("export_content", str(tmp_path))

    assert "Wrote 33 content file(s)." in capsys.readouterr().out


@pytest.mark.parametrize("language", ["es", "zh-hans"])
def test_exporting_the_seed_translations_reproduces_the_committed_po_files(tmp_path, language):
    written = export_translations(tmp_path, language)

    committed = sorted((CONTENT_DIR / "locale" / language).rglob("*.po"))
    assert sorted(path.relative_to(tmp_path) for path in written) == [
        path.relative_to(CONTENT_DIR / "locale") for path in committed
    ]
    for path in committed:
        exported = tmp_path / path.relative_to(CONTENT_DIR / "locale")
        assert exported.read_bytes() == path.read_bytes(), path.name
