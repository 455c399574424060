"""The benchmark's report (bench/report.py, bench/targets.py) from figures given by hand: each
target is printed with its figures and `met` or `NOT MET`, ratios in one process beside wrk's."""

from bench.report import (
    format_pair_ratios,
    format_paired_ratios,
    format_results,
    format_round_spread,
    format_stock_import,
    largest_round_spread,
    paired_ratios,
)
from bench.targets import format_targets

OPTIONS = {
    "duration": 3,
    "warmup": 2,
    "rounds": 1,
    "workers": 2,
    "connections": 2,
    "blocks": 7,
    "block_requests": 20,
}
MACHINE = {
    "cpus": 2,
    "cpu": "Test CPU",
    "memory_gib": 4.0,
    "python": "3.11.2",
    "postgresql": "15.8",
    "wrk": "4.1.0",
    "load_average": [3.5, 3.1, 2.9],
}


def run(rps, *rounds):
    return {
        "rps": rps,
        "p50_ms": 10.0,
        "p95_ms": 20.0,
        "p99_ms": 30.0,
        "errors": 0,
        "rounds": list(rounds or [rps]),
    }


def endpoint(rps, in_process, queries=None):
    """An endpoint's figures: req/s under wrk by variant, in-process ratios by pair."""
    return {
        "queries": queries or {variant: 5 for variant in rps},
        "size": {"bytes": 12_000, "gzip_bytes": 3_000, "served_gzipped": True},
        "runs": {variant: run(value) for variant, value in rps.items()},
        "in_process": {
            pair: {"ratio": value, "ms": {}, "blocks": 7, "requests": 20}
            for pair, value in in_process.items()
        },
    }


def scale_figures(members=18, listing_queries=8, redis=True, cached_ratio=0.85, peak=120.0):
    cached = {"b": 900.0, "l": 1000.0, "d": 1000.0}
    ratios = {"b/d": cached_ratio, "l/d": 1.0}
    return {
        "scale": members // 18,
        "counts": {"members": members, "topics": 14, "news": 4, "knowledge": 4, "videos": 4},
        "import": {
            "english": {"objects": 46, "seconds": 2.0, "objects_per_second": 23.0},
            "translations": {"objects": 92, "seconds": 4.0, "objects_per_second": 23.0},
            "renditions_seconds": 0.5,
            "objects": 138,
            "seconds": 6.0,
            "objects_per_second": 23.0,
            "pages": 60,
            "pages_per_second": 12.5,
        },
        "stock_import": {"pages": 30, "seconds": 6.0, "pages_per_second": 5.0},
        "variants": {"a": "ours", "b": "Redis", "l": "memory", "c": "stock", "d": "plain"},
        "endpoints": {
            "city_listing": endpoint(
                {"a": 60.0, "c": 25.0, **cached},
                {"a/c": 3.4, **ratios},
                queries={"a": listing_queries, "c": 40, "b": 0, "l": 0, "d": 0},
            ),
            "city_detail": endpoint({"a": 90.0, "c": 80.0, **cached}, {"a/c": 1.2, **ratios}),
        },
        "memory": {"a": {"peak_rss_mib": peak}, "b": {"peak_rss_mib": 100.0}},
        "redis": redis,
    }


def test_every_target_is_judged_on_the_in_process_ratio_with_wrks_beside_it():
    lines = format_targets([scale_figures()])

    assert lines[1] == (
        "  listing 20 cities with all fields <= 12 queries, constant: 8 at 18 members met "
        "(one scale measured: constancy needs BENCH_SCALES='1 100')"
    )
    assert (
        lines[2] == "  scale 1: uncached listing >= 3.0x stock: 3.4x in one process, 2.4x wrk met"
    )
    assert lines[3] == (
        "  scale 1: uncached detail >= 1.3x stock: 1.2x in one process, 1.12x wrk NOT MET"
    )
    assert lines[4].startswith(
        "  scale 1: cached in Redis >= 0.8x a plain Django view: lowest 0.85x in one process met;"
    )
    assert "wrk {'city_listing': 0.9, 'city_detail': 0.9}" in lines[4]
    assert lines[5] == (
        "  scale 1: import through the pipeline 12.5 pages/s, the stock way beside it 5.0 "
        "pages/s: 2.5x, not slower met"
    )
    assert lines[6] == ("  scale 1: API worker peak RSS < 150 MiB: {'a': 120.0, 'b': 100.0} met")


def test_queries_that_grow_with_the_scale_miss_the_target_even_under_twelve():
    lines = format_targets([scale_figures(18, 8), scale_figures(1800, 9)])

    assert lines[1] == (
        "  listing 20 cities with all fields <= 12 queries, constant: 8 at 18 members, "
        "9 at 1,800 members NOT MET"
    )


def test_a_slow_cache_a_missing_redis_and_a_fat_worker_are_not_met():
    slow, without_redis = scale_figures(cached_ratio=0.6, peak=151.0), scale_figures(redis=False)

    slow_lines, missing_lines = format_targets([slow]), format_targets([without_redis])

    assert "lowest 0.6x in one process NOT MET" in slow_lines[4]
    assert slow_lines[6].endswith("NOT MET")
    assert missing_lines[4].endswith("not measured, no Redis at BENCH_REDIS_URL NOT MET")


def test_an_import_slower_than_the_stock_way_is_not_met():
    figures = scale_figures()
    figures["stock_import"]["pages_per_second"] = 20.0

    assert format_targets([figures])[5].endswith("0.62x, not slower NOT MET")


def test_each_endpoint_shows_every_pairs_ratio_in_one_process_beside_wrks():
    line = format_pair_ratios(scale_figures()["endpoints"]["city_listing"])

    assert line == (
        "a/c 3.4x in one process, 2.4x wrk; b/d 0.85x in one process, 0.9x wrk; "
        "l/d 1.0x in one process, 1.0x wrk"
    )


def test_the_whole_report_names_the_machine_the_noise_and_every_variant():
    report = format_results([scale_figures()], MACHINE, OPTIONS)

    assert report.startswith("Machine: 2 CPUs (Test CPU)")
    assert "noisy" in report and "7 alternating blocks of 20 requests" in report
    assert "(b) Redis" in report and "(l) memory" in report
    assert "Stock (add_child, publish, import_po, save_target; 30 pages" in report
    assert report.splitlines()[-1].endswith("met")


def test_the_report_gives_the_stock_rate_and_the_pipelines_ratio_to_it():
    stock = {"pages": 30, "seconds": 12.0, "pages_per_second": 2.5}

    (line,) = format_stock_import(stock, 26.5)

    assert "2.5 pages/s" in line and "10.6x" in line and "30 pages" in line
    assert format_stock_import(None, 26.5) == []  # results saved before it was measured


def test_the_report_names_the_widest_spread_between_one_servers_rounds():
    def rounds(*values):
        return {"rps": sum(values) / len(values), "rounds": list(values)}

    scale = {
        "endpoints": {
            "city_listing": {"runs": {"a": rounds(25.9, 13.8), "d": rounds(2449.2, 666.5)}},
            "city_detail": {"runs": {"a": rounds(65.6, 62.8), "d": rounds(2016.8, 726.5)}},
        }
    }

    assert largest_round_spread(scale) == (3.67, "d", "city_listing")
    (line,) = format_round_spread(scale)
    assert "up to 3.67x" in line and "(d) city_listing" in line


def test_one_round_gives_no_spread_and_no_ratios_round_by_round():
    runs = {"a": {"rps": 20.0, "rounds": [20.0]}, "c": {"rps": 4.0, "rounds": [4.0]}}

    assert largest_round_spread({"endpoints": {"city_listing": {"runs": runs}}}) is None
    assert paired_ratios(runs, "a", "c") is None
    assert format_paired_ratios(runs) == []


def test_the_report_gives_each_wrk_rounds_ratio_and_their_median():
    def rounds(*values):
        return {"rps": sorted(values)[len(values) // 2], "rounds": list(values)}

    runs = {
        "a": rounds(64.8, 29.9, 59.9),
        "b": rounds(1974.8, 2100.0, 1900.0),
        "c": rounds(12.2, 26.3, 10.8),
        "d": rounds(1975.1, 1000.0, 2000.0),
    }

    assert paired_ratios(runs, "a", "c") == [5.31, 1.14, 5.55]
    (line,) = format_paired_ratios(runs)
    assert "a/c 5.31, 1.14, 5.55 (median 5.31x)" in line
    assert "b/d 1.0, 2.1, 0.95 (median 1.0x)" in line
