"""The benchmark's generated content (bench/generate.py) goes through the project's own
pipeline: it validates, imports in every language, and importing it again changes nothing. No
timings here: `make bench` measures, the tests only keep its pieces honest."""

import pytest

from bench.bare_wsgi import application
from bench.captured import load_responses, responses_from_environment, save_response
from bench.databases import recreate_database
from bench.generate import Scale, generate
from cluster.content_import.reading import read_content
from cluster.content_import.writing import import_content
from cluster.models import CityPage, NewsItem, Topic
from cluster.translation.po_import import import_translations, read_translation_files

TINY = Scale(members=3, topics=3, news=3, knowledge=1, videos=2)


@pytest.fixture
def generated(tmp_path):
    generate(tmp_path / "content", TINY)
    return tmp_path / "content"


def test_scale_100_is_1800_members_and_about_50000_snippets_in_three_languages():
    scale = Scale.of(100)
    assert scale.members == 1800
    assert 48_000 <= scale.snippets * 3 <= 51_000
    assert Scale.of(1) == Scale(members=18, topics=14, news=4, knowledge=4, videos=4)


def test_generated_files_are_valid_content_with_a_po_file_per_object_and_language(generated):
    content = read_content(generated)
    assert content.count() == TINY.objects == 14
    assert len(list((generated / "locale").rglob("*.po"))) == 2 * TINY.objects
    kinds = {record.data["kind"] for record in content.members}
    assert kinds == {"city"}
    city = content.members[0].data
    assert len(city["body"]) >= 4 and len(city["facts"]) == 5 and city["heritage_highlights"]


def test_generating_twice_writes_the_same_files(tmp_path):
    generate(tmp_path / "one", TINY)
    generate(tmp_path / "two", TINY)
    one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.*"))
    two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*.*"))
    assert one == two
    assert all(
        (tmp_path / "one" / p).read_bytes() == (tmp_path / "two" / p).read_bytes() for p in one
    )


@pytest.mark.django_db
def test_generated_content_imports_in_three_languages_and_again_changes_nothing(
    generated, media_files
):
    content = read_content(generated)
    first = import_content(content)
    assert first.totals()["created"] == TINY.objects - 2  # home and cluster pages exist (seed)

    report = import_translations(read_translation_files(generated / "locale"))
    assert not [outcome for outcome in report.outcomes if outcome[2] == "unchanged"]
    assert len(report.outcomes) == 2 * TINY.objects

    slug = content.members[0].slug
    versions = CityPage.objects.filter(slug=slug).values_list("locale__language_code", flat=True)
    assert sorted(versions) == ["en", "es", "zh-hans"]
    chinese = CityPage.objects.get(slug=slug, locale__language_code="zh-hans")
    assert chinese.live and "省" in chinese.region
    news_slug = content.news[0].slug
    assert NewsItem.objects.filter(slug=news_slug, live=True).count() == 3
    assert Topic.objects.filter(slug=content.topics[0].slug, live=True).count() == 3

    again = import_content(read_content(generated))
    assert dict(again.totals()) == {"unchanged": TINY.objects}
    again = import_translations(read_translation_files(generated / "locale"))
    assert {outcome for *_key, outcome in again.outcomes} == {"unchanged"}


def test_the_bare_wsgi_app_returns_the_captured_bytes(tmp_path, monkeypatch):
    body = '{"items": ["é"]}'.encode()
    save_response(tmp_path, "listing", 200, {"Content-Type": "application/json", "ETag": "x"}, body)
    assert load_responses(tmp_path)["listing"].headers == {"Content-Type": "application/json"}
    monkeypatch.setenv("BENCH_RESPONSES_DIR", str(tmp_path))
    responses_from_environment.cache_clear()
    started = []
    chunks = application(
        {"PATH_INFO": "/bench/plain/listing/"}, lambda status, headers: started.append(status)
    )
    responses_from_environment.cache_clear()
    assert started == ["200 OK"] and b"".join(chunks) == body


def test_only_bench_databases_are_ever_recreated(monkeypatch):
    with pytest.raises(ValueError, match="bench_"):
        recreate_database("postgres://postgres@127.0.0.1:5432/cities_cluster")
    monkeypatch.setenv("BENCH_DATABASE_PREFIX", "alice_bench_")
    with pytest.raises(ValueError, match="alice_bench_scale<N>"):
        recreate_database("postgres://postgres@127.0.0.1:5432/bench_scale1")
    monkeypatch.setenv("BENCH_DATABASE_PREFIX", "alice_")
    with pytest.raises(ValueError, match="must end in 'bench_'"):
        recreate_database("postgres://postgres@127.0.0.1:5432/alice_scale1")
