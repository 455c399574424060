"""The benchmark's generated content goes through the project's own pipeline: it validates,
imports in every language, and importing it again changes nothing. No timings here: `make bench`
measures, the tests only keep its pieces honest."""

from pathlib import Path

import pytest

from wagtail.models import Locale

from cluster.benchmark.bare_wsgi import application
from cluster.benchmark.captured import load_responses, save_response
from cluster.benchmark.database import recreate_database
from cluster.benchmark.generate import Scale, generate
from cluster.benchmark.report import (
    format_paired_ratios,
    format_round_spread,
    format_stock_import,
    format_targets,
    largest_round_spread,
    paired_ratios,
    round_by_round,
)
from cluster.benchmark.stock_import import create_translate_publish, stock_import_rate
from cluster.models import CityPage, NewsItem, Topic
from cluster.pipeline.importing import import_content
from cluster.pipeline.reading import read_content
from cluster.pipeline.translations import import_translations, read_translation_files

SEED_CONTENT = Path(__file__).resolve().parents[2] / "cluster" / "content"
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
    from cluster.benchmark.captured import responses_from_environment

    responses_from_environment.cache_clear()
    started = []
    chunks = application(
        {"PATH_INFO": "/bench/plain/listing/"}, lambda status, headers: started.append(status)
    )
    responses_from_environment.cache_clear()
    assert started == ["200 OK"] and b"".join(chunks) == body


def test_only_bench_databases_are_ever_recreated():
    with pytest.raises(ValueError, match="bench_"):
        recreate_database("postgres://postgres@127.0.0.1:5432/cities_cluster")


@pytest.mark.django_db
def test_the_stock_way_makes_a_live_city_and_its_live_translations_from_the_po_files():
    luoyang = CityPage.objects.get(locale__language_code="en", slug="luoyang")
    locales = list(Locale.objects.filter(language_code__in=["es", "zh-hans"]))

    made = create_translate_publish(luoyang, "luoyang-again", locales, SEED_CONTENT)

    again = CityPage.objects.get(locale__language_code="en", slug="luoyang-again")
    assert made == 3 and again.live
    assert [(b["type"], b["value"]) for b in again.body.raw_data] == [
        (b["type"], b["value"]) for b in luoyang.body.raw_data
    ]
    assert [link.topic_id for link in again.topic_links.all()] == [
        link.topic_id for link in luoyang.topic_links.all()
    ]
    for locale in locales:
        translated, seed_translation = (
            again.get_translation(locale),
            luoyang.get_translation(locale),
        )
        assert translated.live and translated.live_revision_id == translated.latest_revision_id
        assert (translated.title, translated.summary) == (
            seed_translation.title,
            seed_translation.summary,
        )


@pytest.mark.django_db
def test_the_stock_sample_is_timed_and_rolled_back():
    before = CityPage.objects.count()

    rate = stock_import_rate(SEED_CONTENT, 2)

    assert rate["pages"] == 6 and rate["pages_per_second"] > 0
    assert CityPage.objects.count() == before


def test_the_report_gives_the_stock_rate_and_the_pipelines_ratio_to_it():
    stock = {"pages": 30, "seconds": 12.0, "pages_per_second": 2.5}

    (line,) = format_stock_import(stock, 26.5)

    assert "2.5 pages/s" in line and "10.6x" in line and "30 pages" in line
    assert format_stock_import(None, 26.5) == []  # results saved before it was measured


def test_the_import_target_is_read_in_pages_per_second_and_against_stock_measured_beside_it():
    def runs(rps_a, rps_c):
        return {"a": {"rps": rps_a}, "c": {"rps": rps_c}}

    scale = {
        "scale": 30,
        "endpoints": {
            "city_listing": {"queries": {"a": 6}, "runs": runs(60, 10)},
            "city_detail": {"queries": {"a": 6}, "runs": runs(90, 30)},
        },
        "response_cache": False,
        "memory": {"a": {"peak_rss_mib": 130.0}},
        "import": {"pages_per_second": 26.5, "objects_per_second": 23.1},
        "stock_import": {"pages": 30, "seconds": 12.0, "pages_per_second": 2.5},
    }

    lines = format_targets([scale])

    assert "  scale 30: import 26.5 pages/s MISSED (23.1 objects/s)" in lines[-2]
    assert lines[-1] == (
        "  scale 30: import against stock measured beside it 10.6x met "
        "(the issue's 50 pages/s against its 6 for stock is 8.3x)"
    )


def test_the_report_names_the_widest_spread_between_one_servers_rounds():
    def run(*rounds):
        return {"rps": sum(rounds) / len(rounds), "rounds": list(rounds)}

    scale = {
        "endpoints": {
            "city_listing": {"runs": {"a": run(25.9, 13.8), "d": run(2449.2, 666.5)}},
            "city_detail": {"runs": {"a": run(65.6, 62.8), "d": run(2016.8, 726.5)}},
        }
    }

    assert largest_round_spread(scale) == (3.67, "d", "city_listing")
    (line,) = format_round_spread(scale)
    assert "up to 3.67x" in line and "(d) city_listing" in line


def test_one_round_gives_no_spread():
    scale = {"endpoints": {"city_listing": {"runs": {"a": {"rps": 20.0, "rounds": [20.0]}}}}}

    assert largest_round_spread(scale) is None
    assert format_round_spread(scale) == []


def test_the_report_gives_each_rounds_ratio_and_their_median():
    def run(*rounds):
        return {"rps": sorted(rounds)[len(rounds) // 2], "rounds": list(rounds)}

    runs = {
        "a": run(64.8, 29.9, 59.9),
        "b": run(1974.8, 2100.0, 1900.0),
        "c": run(12.2, 26.3, 10.8),
        "d": run(1975.1, 1000.0, 2000.0),
    }

    assert paired_ratios(runs, "a", "c") == [5.31, 1.14, 5.55]
    (line,) = format_paired_ratios(runs)
    assert "a/c 5.31, 1.14, 5.55 (median 5.31x)" in line
    assert "b/d 1.0, 2.1, 0.95 (median 1.0x)" in line
    assert round_by_round(runs) == " (round by round: median 5.31x)"


def test_one_round_gives_no_ratios_round_by_round():
    runs = {"a": {"rps": 20.0, "rounds": [20.0]}, "c": {"rps": 4.0, "rounds": [4.0]}}

    assert paired_ratios(runs, "a", "c") is None
    assert format_paired_ratios(runs) == []
    assert round_by_round(runs) == ""
