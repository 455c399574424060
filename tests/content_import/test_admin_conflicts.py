"""The pipeline never overwrites an editor: an object changed in the admin since the last import
(edited, unpublished, deleted, moved) stops the import before anything is written, listed as
`file:line: object: changed in the admin on <date> by <user>`, unless --skip-conflicts or
--force is given. The seed was imported once by conftest.py, which is the "last import" here."""

import datetime
import shutil

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.actions.delete_page import DeletePageAction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry, Revision

from cluster.content_import.conflicts import FORCE, SKIP, ImportConflicts
from cluster.content_import.reading import read_content
from cluster.content_import.writing import import_content
from cluster.models import CityPage, ClusterPage, ImportRecord, NewsItem, OrganisationPage, Topic
from tests.conftest import CONTENT_DIR
from tests.content_import.test_import_content import SEED_OBJECTS
from tests.seed import english

pytestmark = pytest.mark.django_db

EDITED_ON = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def content_copy(tmp_path):
    path = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, path)
    return path


def line_of(path, needle):
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def edit_in_admin(instance, user, **fields):
    """What the admin's edit view does on "Publish": a revision by the user, published."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save_revision(user=user).publish(user=user)
    backdate(user)


def backdate(user):
    """Date everything `user` did to EDITED_ON, so that messages can be compared whole."""
    Revision.objects.filter(user=user).update(created_at=EDITED_ON)
    PageLogEntry.objects.filter(user=user).update(timestamp=EDITED_ON)
    ModelLogEntry.objects.filter(user=user).update(timestamp=EDITED_ON)


def change_file(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def conflicts_of(directory):
    with pytest.raises(ImportConflicts) as stopped:
        import_content(read_content(directory))
    return [str(conflict) for conflict in stopped.value.conflicts]


def test_an_edit_in_the_admin_stops_the_import_and_nothing_is_written(content_copy, editor):
    edit_in_admin(english(CityPage, slug="anyang"), editor, summary="Anyang, edited by an editor.")
    change_file(content_copy / "members" / "puebla.yaml", "title: Puebla", "title: Puebla (new)")

    conflicts = conflicts_of(content_copy)

    line = line_of(content_copy / "members" / "anyang.yaml", "slug: anyang")
    assert conflicts == [
        f"members/anyang.yaml:{line}: member anyang: "
        "changed in the admin on 2026-12-01 09:30 UTC by editor (edited)"
    ]
    assert english(CityPage, slug="anyang").summary == "Anyang, edited by an editor."
    assert english(CityPage, slug="puebla").title == "Puebla"  # the other change waits too


def test_skip_conflicts_leaves_the_edit_and_imports_the_rest(content_copy, editor):
    edit_in_admin(english(CityPage, slug="anyang"), editor, summary="Anyang, edited by an editor.")
    change_file(content_copy / "members" / "puebla.yaml", "title: Puebla", "title: Puebla (new)")

    report = import_content(read_content(content_copy), on_conflict=SKIP)

    unchanged = SEED_OBJECTS - 2  # but Puebla, updated, and Anyang, skipped
    assert report.summary() == (
        f"0 created, 1 updated, {unchanged} unchanged, 1 skipped (changed in the admin)"
    )
    assert [str(c).split(": ")[1] for c in report.conflicts] == ["member anyang"]
    assert english(CityPage, slug="anyang").summary == "Anyang, edited by an editor."
    assert english(CityPage, slug="puebla").title == "Puebla (new)"
    # The next import still sees the conflict: skipping does not adopt the admin's edit.
    assert len(import_content(read_content(content_copy), on_conflict=SKIP).conflicts) == 1


def test_force_overwrites_the_edit_and_the_next_import_is_quiet(editor):
    anyang = english(CityPage, slug="anyang")
    seed_summary = anyang.summary
    edit_in_admin(anyang, editor, summary="Anyang, edited by an editor.")

    report = import_content(read_content(CONTENT_DIR), on_conflict=FORCE)

    assert report.summary() == f"0 created, 1 updated, {SEED_OBJECTS - 1} unchanged"
    assert len(report.conflicts) == 1
    assert english(CityPage, slug="anyang").summary == seed_summary
    again = import_content(read_content(CONTENT_DIR))
    assert again.conflicts == [] and again.changed == 0


def test_an_admin_edit_the_files_already_hold_is_adopted_not_a_conflict(content_copy, editor):
    edit_in_admin(english(CityPage, slug="anyang"), editor, region="Henan")
    change_file(content_copy / "members" / "anyang.yaml", "region: Henan Province", "region: Henan")

    report = import_content(read_content(content_copy))

    assert report.conflicts == [] and report.changed == 0
    record = ImportRecord.objects.get(object_key="cluster.citypage:anyang", language="en")
    assert record.revision_id == english(CityPage, slug="anyang").latest_revision_id


def test_an_unpublished_news_item_is_not_republished(editor):
    item = english(NewsItem, slug="travel-south-over-cloud-china-mexico")
    item.unpublish(user=editor)
    backdate(editor)

    conflicts = conflicts_of(CONTENT_DIR)

    line = line_of(CONTENT_DIR / "news" / "travel-south-over-cloud-china-mexico.yaml", "slug:")
    assert conflicts == [
        f"news/travel-south-over-cloud-china-mexico.yaml:{line}: news "
        "travel-south-over-cloud-china-mexico: changed in the admin on 2026-12-01 09:30 UTC by "
        "editor (unpublished)"
    ]
    assert not english(NewsItem, slug="travel-south-over-cloud-china-mexico").live


def test_an_unpublished_page_is_not_republished(editor):
    english(CityPage, slug="lishui").unpublish(user=editor)
    backdate(editor)

    report = import_content(read_content(CONTENT_DIR), on_conflict=SKIP)

    assert [c.change.what for c in report.conflicts] == ["unpublished"]
    assert not english(CityPage, slug="lishui").live


def test_a_page_deleted_in_the_admin_is_not_recreated(editor):
    ancmpm = english(OrganisationPage, slug="ancmpm")
    for translation in ancmpm.get_translations():
        DeletePageAction(translation, user=editor).execute(skip_permission_checks=True)
    DeletePageAction(ancmpm, user=editor).execute(skip_permission_checks=True)
    backdate(editor)

    conflicts = conflicts_of(CONTENT_DIR)

    assert conflicts == [
        "members/ancmpm.yaml:3: member ancmpm: changed in the admin on 2026-12-01 09:30 UTC by "
        "editor (deleted)"
    ]
    assert not OrganisationPage.objects.filter(slug="ancmpm", locale__language_code="en").exists()


def test_a_topic_deleted_in_the_admin_is_listed_at_its_line_in_topics_yaml(editor):
    topic = english(Topic, slug="webinars")
    log(topic, "wagtail.delete", user=editor)  # what the snippet delete view logs
    backdate(editor)
    topic.delete()

    report = import_content(read_content(CONTENT_DIR), on_conflict=SKIP)

    line = line_of(CONTENT_DIR / "topics.yaml", "slug: webinars")
    assert [str(c) for c in report.conflicts] == [
        f"topics.yaml:{line}: topic webinars: changed in the admin on 2026-12-01 09:30 UTC by "
        "editor (deleted)"
    ]
    assert not Topic.objects.filter(slug="webinars", locale__language_code="en").exists()


def another_cluster():
    home = english(ClusterPage).get_parent()
    other = ClusterPage(
        title="Another cluster", slug="another-cluster", introduction="<p>Another.</p>"
    )
    return home.add_child(instance=other)


def test_a_page_moved_in_the_admin_stays_where_the_editor_put_it(editor):
    lishui = english(CityPage, slug="lishui")
    new_parent = another_cluster()
    lishui.move(new_parent, pos="last-child", user=editor)
    backdate(editor)

    report = import_content(read_content(CONTENT_DIR), on_conflict=SKIP)

    assert [(c.label, c.change.what) for c in report.conflicts] == [("member lishui", "moved")]
    assert english(CityPage, slug="lishui").get_parent().pk == new_parent.pk
    assert CityPage.objects.filter(slug="lishui", locale__language_code="en").count() == 1


def test_force_moves_a_moved_page_back(editor):
    lishui = english(CityPage, slug="lishui")
    lishui.move(another_cluster(), pos="last-child", user=editor)

    import_content(read_content(CONTENT_DIR), on_conflict=FORCE)

    cluster = ClusterPage.objects.get(
        slug="tourism-heritage-creative-economy", locale=lishui.locale
    )
    assert english(CityPage, slug="lishui").get_parent().pk == cluster.pk


def test_an_object_imported_before_records_were_kept_is_judged_by_the_admin_log(editor):
    ImportRecord.objects.filter(object_key="cluster.citypage:anyang").delete()
    edit_in_admin(english(CityPage, slug="anyang"), editor, summary="Anyang, edited by an editor.")

    assert [c.split(": ", 2)[1] for c in conflicts_of(CONTENT_DIR)] == ["member anyang"]


def test_the_command_lists_conflicts_and_fails_without_writing(editor, capsys):
    edit_in_admin(english(CityPage, slug="anyang"), editor, summary="Anyang, edited by an editor.")

    with pytest.raises(CommandError, match="1 object\\(s\\) changed in the admin .* --force"):
        call_command("import_content", str(CONTENT_DIR), verbosity=0)

    assert "members/anyang.yaml:" in capsys.readouterr().err
    assert english(CityPage, slug="anyang").summary == "Anyang, edited by an editor."


def test_make_run_skips_conflicts_says_so_and_succeeds(editor, capsys):
    """The Makefile's `content` target runs `import_content --skip-conflicts` every time."""
    edit_in_admin(english(CityPage, slug="anyang"), editor, summary="Anyang, edited by an editor.")

    call_command("import_content", str(CONTENT_DIR), "--skip-conflicts", verbosity=0)

    err = capsys.readouterr().err
    assert "member anyang: changed in the admin" in err
    assert "1 object(s) changed in the admin since the last import: left as they are." in err
    assert english(CityPage, slug="anyang").summary == "Anyang, edited by an editor."


def test_the_makefile_content_target_never_overwrites():
    makefile = (CONTENT_DIR.parent.parent / "Makefile").read_text()
    target = makefile.split("\ncontent:", 1)[1].split("\n\n", 1)[0]
    assert "import_content cluster/content --skip-conflicts" in target
    assert "--force" not in target


def test_a_dry_run_lists_the_conflicts_without_stopping(editor):
    edit_in_admin(english(CityPage, slug="anyang"), editor, summary="Anyang, edited by an editor.")

    report = import_content(read_content(CONTENT_DIR), dry_run=True)

    assert [c.label for c in report.conflicts] == ["member anyang"]
    assert report.summary() == (
        f"Dry run, nothing written: would have 0 created, 0 updated, {SEED_OBJECTS - 1} unchanged, "
        "1 skipped (changed in the admin)"
    )
    assert english(CityPage, slug="anyang").summary == "Anyang, edited by an editor."
