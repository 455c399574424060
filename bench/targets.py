"""The targets of issue 16, each printed with its figures and `met` or `NOT MET`. Ratios are
judged on the in-process alternating measurement (in_process.py), which a noisy machine disturbs
far less; wrk's ratio between the servers is printed beside it."""

TARGETS = {
    "listing_queries": 12,  # listing 20 cities with all fields, constant from 18 to 1,800 members
    "listing_speedup": 3.0,  # uncached listing, a/c
    "detail_speedup": 1.3,  # uncached detail, a/c
    "cached_vs_plain": 0.8,  # cached in Redis against a plain Django view, b/d
    "worker_rss_mib": 150.0,
}
API_WORKERS = ("a", "b", "l")  # the servers running this project's API


def ratio(numerator, denominator):
    return round(numerator / denominator, 2) if numerator and denominator else None


def wrk_ratio(runs, numerator, denominator):
    if numerator not in runs or denominator not in runs:
        return None
    return ratio(runs[numerator]["rps"], runs[denominator]["rps"])


def mark(ok):
    return "met" if ok else "NOT MET"


def in_process_ratio(endpoint, pair):
    figures = endpoint.get("in_process", {}).get(pair)
    return figures["ratio"] if figures else None


def format_targets(results):
    lines = ["Targets (issue 16):", *format_query_target(results)]
    for scale in results:
        prefix = f"  scale {scale['scale']}:"
        endpoints = scale["endpoints"]
        lines += [
            f"{prefix} {format_speedup(endpoints['city_listing'], 'listing')}",
            f"{prefix} {format_speedup(endpoints['city_detail'], 'detail')}",
            f"{prefix} {format_cached_target(scale)}",
            f"{prefix} {format_import_target(scale)}",
            f"{prefix} {format_memory_target(scale)}",
        ]
    return lines


def format_query_target(results):
    counts = [scale["endpoints"]["city_listing"]["queries"]["a"] for scale in results]
    members = [scale["counts"]["members"] for scale in results]
    ok = max(counts) <= TARGETS["listing_queries"] and len(set(counts)) == 1
    line = (
        f"  listing 20 cities with all fields <= {TARGETS['listing_queries']} queries, constant:"
        f" {', '.join(f'{q} at {m:,} members' for q, m in zip(counts, members, strict=True))}"
        f" {mark(ok)}"
    )
    if len(results) == 1:
        line += " (one scale measured: constancy needs BENCH_SCALES='1 100')"
    return [line]


def format_speedup(endpoint, name):
    wanted = TARGETS[f"{name}_speedup"]
    measured = in_process_ratio(endpoint, "a/c")
    from_wrk = wrk_ratio(endpoint["runs"], "a", "c")
    judged = measured if measured is not None else from_wrk
    return (
        f"uncached {name} >= {wanted}x stock: {measured}x in one process, {from_wrk}x wrk "
        f"{mark((judged or 0) >= wanted)}"
    )


def format_cached_target(scale):
    wanted = TARGETS["cached_vs_plain"]
    if not scale.get("redis"):
        return (
            f"cached in Redis >= {wanted}x a plain Django view: not measured, no Redis at "
            f"BENCH_REDIS_URL {mark(False)}"
        )
    endpoints = scale["endpoints"]
    measured = {name: in_process_ratio(e, "b/d") for name, e in endpoints.items()}
    from_wrk = {name: wrk_ratio(e["runs"], "b", "d") for name, e in endpoints.items()}
    local = {name: in_process_ratio(e, "l/d") for name, e in endpoints.items()}
    lowest = min((value or 0) for value in measured.values())
    return (
        f"cached in Redis >= {wanted}x a plain Django view: lowest {lowest}x in one process "
        f"{mark(lowest >= wanted)}; by endpoint in one process {measured}, wrk {from_wrk}; "
        f"in local memory, in one process {local}"
    )


def format_import_target(scale):
    pipeline = scale["import"]["pages_per_second"]
    stock = (scale.get("stock_import") or {}).get("pages_per_second")
    if not stock:
        return f"import {pipeline} pages/s; the stock way not measured {mark(False)}"
    return (
        f"import through the pipeline {pipeline} pages/s, the stock way beside it {stock} "
        f"pages/s: {ratio(pipeline, stock)}x, not slower {mark((pipeline or 0) >= stock)}"
    )


def format_memory_target(scale):
    wanted = TARGETS["worker_rss_mib"]
    peaks = {n: scale["memory"][n]["peak_rss_mib"] for n in API_WORKERS if n in scale["memory"]}
    peak = max(peaks.values())
    return f"API worker peak RSS < {wanted:.0f} MiB: {peaks} {mark(peak < wanted)}"
