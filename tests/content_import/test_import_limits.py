"""What `import_content` refuses before parsing (a file too large, too many objects) and how
long invalid values appear in its errors: cut, not repeated in full. No database needed: the
content is refused while it is read."""

import io
import shutil

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from cluster.content_import.reading import ContentInvalid, read_content
from tests.conftest import CONTENT_DIR

SEED_FILES = 32  # home, cluster, 18 members, 4 news, 4 knowledge, 4 videos
SEED_FILES_AND_TOPICS = 46  # and 14 topics
SEED_OBJECTS = 81  # and 35 glossary terms


@pytest.fixture
def content_copy(tmp_path):
    path = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, path)
    return path


def errors_of(content):
    with pytest.raises(ContentInvalid) as raised:
        read_content(content)
    return [str(error) for error in raised.value.errors]


def test_the_limits_default_to_1_mib_a_file_and_20000_objects(settings):
    assert settings.IMPORT_MAX_FILE_BYTES == 1024 * 1024
    assert settings.IMPORT_MAX_OBJECTS == 20_000


def test_a_file_over_the_size_limit_is_refused_unparsed(content_copy):
    anyang = content_copy / "members" / "anyang.yaml"
    anyang.write_text("title: [unclosed\n" + "#" * 10_000 + "\n", encoding="utf-8")
    with override_settings(IMPORT_MAX_FILE_BYTES=10_000):  # the seed's largest file: 6,898
        errors = errors_of(content_copy)
    # Only the size: the syntax error it holds was never reached.
    assert errors == [
        "members/anyang.yaml:0: file too large: 10,018 bytes, at most 10,000 "
        "(IMPORT_MAX_FILE_BYTES)"
    ]


def test_a_file_at_the_size_limit_is_read(content_copy):
    largest = max(path.stat().st_size for path in content_copy.rglob("*.yaml"))
    with override_settings(IMPORT_MAX_FILE_BYTES=largest):
        assert read_content(content_copy).count() == SEED_OBJECTS


def test_more_object_files_than_allowed_are_refused_before_any_is_parsed(content_copy):
    (content_copy / "home.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with override_settings(IMPORT_MAX_OBJECTS=SEED_FILES - 1):
        errors = errors_of(content_copy)
    assert errors == [
        f"{content_copy}:0: too many objects to import: 32 (files), at most 31 (IMPORT_MAX_OBJECTS)"
    ]


def test_topics_count_as_objects_too(content_copy):
    with override_settings(IMPORT_MAX_OBJECTS=SEED_FILES_AND_TOPICS - 1):
        assert errors_of(content_copy) == [
            "topics.yaml:0: too many objects to import: 46 (files and topics), "
            "at most 45 (IMPORT_MAX_OBJECTS)"
        ]


@pytest.mark.parametrize("limit, accepted", [(SEED_OBJECTS - 1, False), (SEED_OBJECTS, True)])
def test_glossary_terms_count_as_objects_too(content_copy, limit, accepted):
    with override_settings(IMPORT_MAX_OBJECTS=limit):
        if accepted:
            assert read_content(content_copy).count() == SEED_OBJECTS
        else:
            assert errors_of(content_copy) == [
                "glossary.yaml:0: too many objects to import: 81 (files, topics and glossary "
                "terms), at most 80 (IMPORT_MAX_OBJECTS)"
            ]


def test_the_command_says_what_limit_was_passed_and_writes_nothing(content_copy):
    stderr = io.StringIO()
    with override_settings(IMPORT_MAX_OBJECTS=10), pytest.raises(CommandError) as raised:
        call_command("import_content", str(content_copy), stdout=io.StringIO(), stderr=stderr)
    assert str(raised.value) == f"1 error(s) in {content_copy}; nothing was written."
    assert "at most 10 (IMPORT_MAX_OBJECTS)" in stderr.getvalue()


def test_a_long_invalid_value_is_cut_in_its_error(content_copy):
    video = content_copy / "videos" / "travel-south-over-the-cloud-series.yaml"
    address = "https://www.youtube.com/watch?" + "v=x&" * 50_000
    with video.open("a", encoding="utf-8") as file:
        file.write(f"youtube_url: {address}\n")

    [error] = errors_of(content_copy)

    assert error.startswith(
        "videos/travel-south-over-the-cloud-series.yaml:14: youtube_url: "
        "not a valid http(s) URL: 'https://www.youtube.com/watch?v=x&v=x&"
    )
    assert error.endswith("…")
    assert len(error) < 200


def test_a_long_unknown_key_is_cut_in_its_error(content_copy):
    video = content_copy / "videos" / "travel-south-over-the-cloud-series.yaml"
    with video.open("a", encoding="utf-8") as file:
        file.write("k" * 1000 + ": 1\n")  # YAML keys are at most 1024 characters

    [error] = errors_of(content_copy)

    assert error.startswith("videos/travel-south-over-the-cloud-series.yaml:14: kkkk")
    assert "…: unknown key; expected one of slug, title" in error
    assert len(error) < 300
