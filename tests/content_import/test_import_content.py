"""The content import pipeline end to end: read_content + import_content and the
`import_content` management command, against the seed that conftest.py loaded once.

Every test that changes content works on a copy of cluster/content in tmp_path; each test runs in
a transaction that is rolled back, so the seed is back for the next one. Image files are not
rolled back with the database, so the tests that create one delete it again.
"""

import hashlib
import io
import json
import shutil

import pytest
from PIL import Image as PILImage

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from cluster.content_import import writing as importing
from cluster.content_import.reading import ContentInvalid, read_content
from cluster.content_import.writing import import_content
from cluster.models import CityPage, ClusterPage, KnowledgeProduct, NewsItem, Topic, Video
from tests.conftest import CONTENT_DIR
from tests.seed import english
from tests.support.storage import stored_files

pytestmark = pytest.mark.django_db

# 14 topics, home, cluster, 18 members, 4 news, 4 knowledge, 4 videos, 35 glossary terms
SEED_OBJECTS = 81
SNIPPET_MODELS = (Topic, NewsItem, KnowledgeProduct, Video)
Image = get_image_model()

NEW_MEMBER = """\
# A member that is not in the seed.
kind: city
slug: testville
title: Testville
country: CN
region: Test Province
location:
  latitude: 35.5
  longitude: 112.5
summary: Testville is a city that only exists in the test suite.
body:
  - heading: History
  - paragraph: <p>Testville was <b>founded</b> for the tests.</p>
facts:
  - key: founded
    value: 1370
    unit: year
    source: The test suite
topics: [cities-clusters-tourism]
hero:
  colour: "#336699"
  alt: Placeholder image for Testville
"""


# --- helpers -------------------------------------------------------------------------------


@pytest.fixture
def content_copy(tmp_path):
    """A private copy of the seed content, to be edited by the test."""
    path = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, path)
    return path


def edit(path, old, new):
    """Replace the one occurrence of `old` in the file; returns the new text."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text, needle):
    """The 1-based number of the one line of `text` that contains `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def set_summary(member_file, summary):
    """Replace the (multi-line) summary of a member file with `summary`."""
    text = member_file.read_text(encoding="utf-8")
    start, end = text.index("\nsummary:"), text.index("\nbody:")
    member_file.write_text(
        text[:start] + f"\nsummary: {json.dumps(summary)}" + text[end:], encoding="utf-8"
    )


def db_counts():
    counts = {model.__name__: model.objects.count() for model in (Page, *SNIPPET_MODELS)}
    counts["Revision"] = Revision.objects.count()
    counts["Image"] = Image.objects.count()
    return counts


def latest_revisions():
    """{(model, pk): latest_revision_id} for every page and snippet."""
    result = {("Page", pk): rev for pk, rev in Page.objects.values_list("pk", "latest_revision_id")}
    for model in SNIPPET_MODELS:
        for pk, rev in model.objects.values_list("pk", "latest_revision_id"):
            result[(model.__name__, pk)] = rev
    return result


def last_revision_pk():
    return Revision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def errors_of(invalid):
    """The errors of a ContentInvalid as (file, line, path) -> message."""
    return {(e.file, e.line, e.path): e.message for e in invalid.errors}


def anyang_summary():
    return english(CityPage, slug="anyang").summary


# --- 1. idempotence ------------------------------------------------------------------------


def test_seed_has_81_objects():
    assert read_content(CONTENT_DIR).count() == SEED_OBJECTS


def test_reimporting_the_seed_changes_nothing(media_files):
    counts, revisions = db_counts(), latest_revisions()

    report = import_content(read_content(CONTENT_DIR))

    assert dict(report.totals()) == {"unchanged": SEED_OBJECTS}
    assert report.summary() == "0 created, 0 updated, 81 unchanged"
    assert report.changed == 0
    assert db_counts() == counts
    assert latest_revisions() == revisions
    assert stored_files() == media_files


# --- 2. one changed member ------------------------------------------------------------------


def test_a_changed_member_file_updates_and_publishes_only_that_page(content_copy, api):
    new_summary = "Anyang, one of the eight ancient capitals of China, edited by a test."
    set_summary(content_copy / "members" / "anyang.yaml", new_summary)
    anyang = english(CityPage, slug="anyang")
    assert anyang.summary != new_summary
    counts, revisions, last_pk = db_counts(), latest_revisions(), last_revision_pk()

    report = import_content(read_content(content_copy))

    assert report.summary() == "0 created, 1 updated, 80 unchanged"
    assert [o for o in report.outcomes if o[2] != "unchanged"] == [("member", "anyang", "updated")]
    [revision] = Revision.objects.filter(pk__gt=last_pk)
    assert revision.object_id == str(anyang.pk)
    assert revision.content_type.model_class() is CityPage
    assert db_counts() == {**counts, "Revision": counts["Revision"] + 1}

    after = latest_revisions()
    assert after.pop(("Page", anyang.pk)) == revision.pk
    revisions.pop(("Page", anyang.pk))
    assert after == revisions, "no other page or snippet got a revision"

    anyang = english(CityPage, slug="anyang")
    assert anyang.live
    assert anyang.summary == new_summary
    assert anyang.live_revision_id == revision.pk
    assert not anyang.has_unpublished_changes
    status, data = api(f"pages/{anyang.pk}/")
    assert status == 200
    assert data["summary"] == new_summary


def test_reimporting_the_changed_member_again_is_unchanged(content_copy):
    set_summary(content_copy / "members" / "anyang.yaml", "A second import finds nothing to do.")
    content = read_content(content_copy)
    assert import_content(content).summary() == "0 created, 1 updated, 80 unchanged"
    last_pk = last_revision_pk()

    assert import_content(content).summary() == "0 created, 0 updated, 81 unchanged"
    assert last_revision_pk() == last_pk


# --- 3. a new member -------------------------------------------------------------------------


def test_a_new_member_file_creates_and_publishes_a_city_page(content_copy, media_files):
    (content_copy / "members" / "testville.yaml").write_text(NEW_MEMBER, encoding="utf-8")
    assert not CityPage.objects.filter(slug="testville").exists()
    counts = db_counts()

    report = import_content(read_content(content_copy))

    assert report.summary() == "1 created, 0 updated, 81 unchanged"
    assert ("member", "testville", "created") in report.outcomes
    page = CityPage.objects.get(slug="testville")
    assert page.live
    assert not page.has_unpublished_changes
    assert page.get_parent().specific_class is ClusterPage
    assert page.get_parent().pk == english(ClusterPage).pk
    assert page.locale.language_code == "en"
    assert (page.title, page.region, page.country) == ("Testville", "Test Province", "CN")
    assert page.summary == "Testville is a city that only exists in the test suite."
    assert [link.topic.slug for link in page.topic_links.all()] == ["cities-clusters-tourism"]
    assert [block.block_type for block in page.body] == ["heading", "paragraph"]
    assert page.revisions.count() == 1
    assert page.latest_revision_id is not None
    assert page.live_revision_id == page.latest_revision_id

    hero = page.hero_image
    assert hero is not None
    assert (hero.width, hero.height) == (1600, 900)
    assert hero.title == "Testville (placeholder)"
    assert hero.description == "Placeholder image for Testville"
    assert hero.file.name in stored_files() - media_files
    with default_storage.open(hero.file.name) as f:
        stored = f.read()
    assert hero.file_size == len(stored)
    assert hero.file_hash == hashlib.sha1(stored).hexdigest()
    with default_storage.open(hero.file.name) as f, PILImage.open(f) as picture:
        assert picture.size == (1600, 900)
        assert picture.format == "PNG"
        pixels = picture.convert("RGB")
        assert pixels.getpixel((5, 5)) == (0x33, 0x66, 0x99)  # the member's colour
        assert pixels.getpixel((41, 450)) == (0x33 + 60, 0x66 + 60, 0x99 + 60)  # the frame

    assert db_counts() == {
        **counts,
        "Page": counts["Page"] + 1,
        "Revision": counts["Revision"] + 1,
        "Image": counts["Image"] + 1,
    }


# --- 4. broken files change nothing and say where --------------------------------------------


def break_three_files(content_copy):
    """A fact value that is not a number, an unknown key and a date that is not a date.
    Returns the expected errors as {(file, line, path): message}."""
    anyang = edit(content_copy / "members" / "anyang.yaml", "value: 7413\n", "value: lots\n")
    oaxaca = edit(
        content_copy / "members" / "oaxaca.yaml",
        "region: Oaxaca\n",
        "region: Oaxaca\ncolour: blue\n",
    )
    news_file = "news/uzbekistan-35-cities-urban-development-workshop.yaml"  # no video refers to it
    news = edit(content_copy / news_file, "date: 2020-11-11\n", "date: 11 November 2020\n")
    return {
        ("members/anyang.yaml", line_of(anyang, "value: lots"), "facts[0].value"): (
            "expected a number, got str"
        ),
        ("members/oaxaca.yaml", line_of(oaxaca, "colour: blue"), "colour"): (
            "unknown key; expected one of kind, slug, title, country, region, acronym, website, "
            "location, summary, body, heritage_highlights, facts, topics, hero"
        ),
        (news_file, line_of(news, "date: 11 November"), "date"): (
            "expected a date as YYYY-MM-DD, got '11 November 2020'"
        ),
    }


def test_broken_files_are_all_reported_with_file_and_line(content_copy):
    expected = break_three_files(content_copy)

    with pytest.raises(ContentInvalid) as raised:
        read_content(content_copy)

    assert errors_of(raised.value) == expected
    assert "members/anyang.yaml:" in str(raised.value)
    anyang_line = next(line for (file, line, _p) in expected if file == "members/anyang.yaml")
    assert f"members/anyang.yaml:{anyang_line}: facts[0].value: expected a number" in str(
        raised.value
    )


def test_the_command_refuses_broken_files_and_writes_nothing(content_copy, media_files):
    set_summary(content_copy / "members" / "anyang.yaml", "Would be written if it were valid.")
    expected = break_three_files(content_copy)
    counts, revisions, summary = db_counts(), latest_revisions(), anyang_summary()
    stdout, stderr = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_content", str(content_copy), stdout=stdout, stderr=stderr)

    assert str(raised.value) == f"3 error(s) in {content_copy}; nothing was written."
    for (file, line, path), message in expected.items():
        assert f"{file}:{line}: {path}: {message}" in stderr.getvalue().splitlines()
    assert stdout.getvalue() == ""
    assert db_counts() == counts
    assert latest_revisions() == revisions
    assert anyang_summary() == summary
    assert stored_files() == media_files


def test_an_impossible_date_is_reported_with_file_and_line(content_copy):
    news_file = "news/travel-south-over-cloud-china-mexico.yaml"
    text = edit(content_copy / news_file, "date: 2021-01-13\n", "date: 2021-02-30\n")

    with pytest.raises(ContentInvalid) as raised:
        read_content(content_copy)

    [error] = raised.value.errors
    assert (error.file, error.line) == (news_file, line_of(text, "date: 2021-02-30"))


# --- 5. more ways a file can be wrong ----------------------------------------------------------


def read_errors(content_copy):
    with pytest.raises(ContentInvalid) as raised:
        read_content(content_copy)
    return raised.value.errors


def test_yaml_syntax_error_names_the_file_and_line(content_copy):
    text = edit(
        content_copy / "members" / "anyang.yaml", "title: Anyang\n", "title: Anyang: City\n"
    )
    [error] = read_errors(content_copy)
    assert str(error) == (
        f"members/anyang.yaml:{line_of(text, 'title: Anyang: City')}: "
        "YAML syntax: mapping values are not allowed here"
    )


def test_duplicate_key_in_a_mapping_is_an_error_at_the_second_key(content_copy):
    text = edit(
        content_copy / "members" / "anyang.yaml",
        "region: Henan Province\n",
        "region: Henan Province\ntitle: Anyang again\n",
    )
    [error] = read_errors(content_copy)
    assert (error.file, error.line) == ("members/anyang.yaml", line_of(text, "Anyang again"))
    assert error.message == "YAML syntax: duplicate key 'title'"


def test_duplicate_key_in_a_nested_mapping_is_an_error(content_copy):
    text = edit(
        content_copy / "members" / "anyang.yaml",
        "  longitude: 114.3924\n",
        "  longitude: 114.3924\n  latitude: 0\n",
    )
    [error] = read_errors(content_copy)
    assert (error.file, error.line) == ("members/anyang.yaml", line_of(text, "latitude: 0"))
    assert error.message == "YAML syntax: duplicate key 'latitude'"


@pytest.mark.parametrize(
    "text", ["", "\n", "# only a comment\n"], ids=["empty", "blank", "comment"]
)
def test_an_empty_file_is_an_error(content_copy, text):
    (content_copy / "members" / "anyang.yaml").write_text(text, encoding="utf-8")
    errors = read_errors(content_copy)
    assert [str(e) for e in errors] == ["members/anyang.yaml:1: file is empty"]


def test_a_missing_single_file_is_an_error(content_copy):
    (content_copy / "home.yaml").unlink()
    assert [str(e) for e in read_errors(content_copy)] == ["home.yaml:0: file is missing"]


def test_a_file_whose_slug_does_not_match_its_name_is_an_error(content_copy):
    members = content_copy / "members"
    (members / "anyang.yaml").rename(members / "an-yang.yaml")
    [error] = read_errors(content_copy)
    assert (error.file, error.path) == ("members/an-yang.yaml", "slug")
    assert error.message == "the file is named after its slug: anyang.yaml"


def test_duplicate_slugs_in_topics_are_an_error_at_the_second_item(content_copy):
    text = (content_copy / "topics.yaml").read_text(encoding="utf-8")
    text += "- slug: events\n  name: Events again\n"
    (content_copy / "topics.yaml").write_text(text, encoding="utf-8")

    errors = read_errors(content_copy)

    second = [n for n, line in enumerate(text.splitlines(), start=1) if line == "- slug: events"]
    assert len(second) == 2
    duplicate = [e for e in errors if e.file == "topics.yaml"]
    assert [(e.line, e.path, e.message) for e in duplicate] == [
        (second[1], "[14]", "duplicate 'events'")
    ]


def test_a_member_with_an_unknown_topic_is_an_error(content_copy):
    edit(
        content_copy / "members" / "anyang.yaml",
        "topics: [cities-clusters-tourism]\n",
        "topics: [cities-clusters-tourism, no-such-topic]\n",
    )
    [error] = read_errors(content_copy)
    assert (error.file, error.path) == ("members/anyang.yaml", "topics")
    assert error.message == "unknown topic 'no-such-topic' (not in topics.yaml)"


def test_a_video_with_an_unknown_news_item_is_an_error(content_copy):
    video_file = "videos/travel-south-over-cloud-china-mexico.yaml"
    edit(
        content_copy / video_file,
        "related_news: travel-south-over-cloud-china-mexico\n",
        "related_news: no-such-news\n",
    )
    [error] = read_errors(content_copy)
    assert (error.file, error.path) == (video_file, "related_news")
    assert error.message == "unknown news item 'no-such-news'"


@pytest.mark.parametrize("case", ["duplicate-topic", "invalid-news-item"])
def test_one_mistake_is_reported_once_not_as_unknown_references_elsewhere(content_copy, case):
    if case == "duplicate-topic":
        path = content_copy / "topics.yaml"
        path.write_text(
            path.read_text(encoding="utf-8") + "- slug: events\n  name: Events again\n",
            encoding="utf-8",
        )
        broken = "topics.yaml"
    else:
        broken = "news/travel-south-over-cloud-china-mexico.yaml"
        edit(content_copy / broken, "date: 2021-01-13\n", "date: 13 January 2021\n")

    errors = read_errors(content_copy)

    assert [e.file for e in errors] == [broken], [str(e) for e in errors]


@pytest.mark.parametrize("case", ["slug", "topics", "related_news"])
def test_reference_errors_point_at_the_line_of_the_key(content_copy, case):
    if case == "slug":
        members = content_copy / "members"
        (members / "anyang.yaml").rename(members / "an-yang.yaml")
        text = (members / "an-yang.yaml").read_text(encoding="utf-8")
        needle = "slug: anyang"
    elif case == "topics":
        text = edit(
            content_copy / "members" / "anyang.yaml",
            "topics: [cities-clusters-tourism]\n",
            "topics: [no-such-topic]\n",
        )
        needle = "topics: [no-such-topic]"
    else:
        text = edit(
            content_copy / "videos" / "travel-south-over-cloud-china-mexico.yaml",
            "related_news: travel-south-over-cloud-china-mexico\n",
            "related_news: no-such-news\n",
        )
        needle = "related_news: no-such-news"

    [error] = read_errors(content_copy)

    assert error.path == case
    assert error.line == line_of(text, needle)


# --- 6. the write step is atomic -------------------------------------------------------------


def test_an_error_in_the_middle_of_the_write_rolls_everything_back(
    content_copy, media_files, monkeypatch
):
    set_summary(content_copy / "members" / "anyang.yaml", "Written, then rolled back.")
    (content_copy / "members" / "testville.yaml").write_text(NEW_MEMBER, encoding="utf-8")
    content = read_content(content_copy)
    counts, revisions, summary = db_counts(), latest_revisions(), anyang_summary()

    created_images = []
    real_placeholder_image = importing.placeholder_image

    def recording_placeholder_image(*args, **kwargs):
        image, created = real_placeholder_image(*args, **kwargs)
        if created:
            created_images.append(image.file.name)
        return image, created

    def failing_write_video(self, record, news):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(importing, "placeholder_image", recording_placeholder_image)
    monkeypatch.setattr(importing.Writer, "write_video", failing_write_video)
    progress = []

    with pytest.raises(RuntimeError, match="the disk is full"):
        import_content(content, progress=lambda *step: progress.append(step[2:]))

    # The writer did get as far as the changed and the new member before it failed ...
    assert ("member", "anyang", "updated") in progress
    assert ("member", "testville", "created") in progress
    assert len(created_images) == 1
    # ... and none of it is left: not in the database, not in the storage.
    assert anyang_summary() == summary
    assert not Page.objects.filter(slug="testville").exists()
    assert db_counts() == counts
    assert latest_revisions() == revisions
    assert not default_storage.exists(created_images[0])
    assert stored_files() == media_files


def test_a_member_that_changes_kind_is_refused_and_nothing_is_written(content_copy, media_files):
    set_summary(content_copy / "members" / "anyang.yaml", "Not written: the import is refused.")
    text = (content_copy / "members" / "xochimilco.yaml").read_text(encoding="utf-8")
    assert "kind: city\n" in text
    # Xochimilco as an organisation: drop everything only a city may have.
    organisation = edit(
        content_copy / "members" / "xochimilco.yaml", "kind: city\n", "kind: organisation\n"
    )
    kept = []
    skipping = False
    for line in organisation.splitlines(keepends=True):
        key = line.split(":")[0]
        if not line.startswith((" ", "#")):
            skipping = key in {"region", "location", "facts", "heritage_highlights"}
        if not skipping:
            kept.append(line)
    (content_copy / "members" / "xochimilco.yaml").write_text("".join(kept), encoding="utf-8")
    counts, revisions, summary = db_counts(), latest_revisions(), anyang_summary()

    with pytest.raises(CommandError) as raised:
        call_command("import_content", str(content_copy), stdout=io.StringIO())

    assert str(raised.value) == (
        "members/xochimilco.yaml: a CityPage already has the slug 'xochimilco' under "
        "'Thematic Cities Cluster'; expected a OrganisationPage; nothing was written."
    )
    assert anyang_summary() == summary
    assert db_counts() == counts
    assert latest_revisions() == revisions
    assert stored_files() == media_files


# --- 7. dry run --------------------------------------------------------------------------------


def test_dry_run_reports_what_would_change_and_writes_nothing(content_copy, media_files):
    set_summary(content_copy / "members" / "anyang.yaml", "Only a dry run.")
    (content_copy / "members" / "testville.yaml").write_text(NEW_MEMBER, encoding="utf-8")
    counts, revisions, summary = db_counts(), latest_revisions(), anyang_summary()
    stdout = io.StringIO()

    call_command("import_content", str(content_copy), "--dry-run", stdout=stdout)

    output = stdout.getvalue().splitlines()
    assert output[-1] == "Dry run, nothing written: would have 1 created, 1 updated, 80 unchanged"
    assert any(line.endswith("updated   member anyang") for line in output)
    assert any(line.endswith("created   member testville") for line in output)
    assert anyang_summary() == summary
    assert not Page.objects.filter(slug="testville").exists()
    assert db_counts() == counts
    assert latest_revisions() == revisions
    assert stored_files() == media_files


def test_dry_run_function_returns_a_report_marked_as_dry_run(content_copy):
    set_summary(content_copy / "members" / "anyang.yaml", "Only a dry run.")
    last_pk = last_revision_pk()

    report = import_content(read_content(content_copy), dry_run=True)

    assert report.dry_run
    assert report.changed == 1
    assert (
        report.summary()
        == "Dry run, nothing written: would have 0 created, 1 updated, 80 unchanged"
    )
    assert last_revision_pk() == last_pk


# --- 9. the command's output -------------------------------------------------------------------


def test_command_prints_changes_progress_every_ten_and_the_summary(content_copy):
    set_summary(content_copy / "members" / "anyang.yaml", "Shown in the progress output.")
    stdout = io.StringIO()

    call_command("import_content", str(content_copy), stdout=stdout)

    # 14 topics, home, cluster, then the members in file-name order: ancmpm 17th, anyang 18th.
    assert stdout.getvalue().splitlines() == [
        f"Validated 81 objects in {content_copy}.",
        "[ 10/81] ...",
        "[ 18/81] updated   member anyang",
        "[ 20/81] ...",
        "[ 30/81] ...",
        "[ 40/81] ...",
        "[ 50/81] ...",
        "[ 60/81] ...",
        "[ 70/81] ...",
        "[ 80/81] ...",
        "[ 81/81] ...",
        "0 created, 1 updated, 80 unchanged",
    ]


def test_command_with_verbosity_2_prints_every_object(content_copy):
    stdout = io.StringIO()

    call_command("import_content", str(CONTENT_DIR), verbosity=2, stdout=stdout)

    lines = stdout.getvalue().splitlines()
    assert lines[0] == f"Validated 81 objects in {CONTENT_DIR}."
    assert lines[1] == "[  1/81] unchanged topic cities-clusters-tourism"
    assert "[ 15/81] unchanged home home" in lines
    assert "[ 18/81] unchanged member anyang" in lines
    assert lines[47] == "[ 47/81] unchanged glossary Cities Cluster on Sustainable Tourism, " + (
        "Heritage Protection and Creative Economy"
    )
    assert lines[-2] == "[ 81/81] unchanged glossary Zacatecas"
    assert lines[-1] == "0 created, 0 updated, 81 unchanged"
    assert len(lines) == 83


def test_command_with_verbosity_0_prints_only_validation_and_summary():
    stdout = io.StringIO()

    call_command("import_content", str(CONTENT_DIR), verbosity=0, stdout=stdout)

    assert stdout.getvalue().splitlines() == [
        f"Validated 81 objects in {CONTENT_DIR}.",
        "0 created, 0 updated, 81 unchanged",
    ]


def test_inline_children_keep_the_order_of_the_content_file(api):
    """Numbered as the admin's inline panels number them, in every language, so that the admin
    and the API show them in the file's order on any database."""
    slug = "uzbekistan-35-cities-urban-development-workshop"
    listed = [
        "cities-clusters-drr",
        "cities-clusters-e-commerce",
        "cities-clusters-tourism",
        "cities-clusters-transport",
        "cities-clusters-waste",
        "cities-project",
        "news",
    ]
    for news in NewsItem.objects.filter(slug=slug):
        links = list(news.topic_links.all())
        assert [link.sort_order for link in links] == list(range(len(listed)))
        assert [link.topic.slug for link in links] == listed
        _, data = api(f"news/{news.pk}/")
        assert [topic["slug"] for topic in data["topics"]] == listed
