"""The benchmark's figures as text: the machine, then for each scale the import (the pipeline's
and the stock way's pages/s) and one table of the endpoints, with each pair's ratio from wrk
beside the in-process alternating one, then the targets (targets.py)."""

from statistics import median

from .targets import format_targets, ratio, wrk_ratio


def format_results(results, machine_info, options):
    lines = [
        f"Machine: {machine_info['cpus']} CPUs ({machine_info['cpu']}), "
        f"{machine_info['memory_gib']} GiB RAM, Python {machine_info['python']}, "
        f"PostgreSQL {machine_info['postgresql']}, wrk {machine_info['wrk']}; "
        f"load average at the end {machine_info['load_average']} (a shared machine's figures "
        "are noisy: read the ratios, and the in-process ones first)",
        f"Load: wrk, {options['connections']} keep-alive connections on loopback, "
        f"{options['duration']} s per run after a {options['warmup']} s warm-up, "
        f"{options['rounds']} interleaved rounds (medians shown); gunicorn with "
        f"{options['workers']} gthread workers per server. In one process: "
        f"{options['blocks']} alternating blocks of {options['block_requests']} requests per "
        "variant of a pair, median block times.",
    ]
    for scale in results:
        lines += ["", *format_scale(scale)]
    lines += ["", *format_targets(results)]
    return "\n".join(lines)


def format_stock_import(stock, pages_per_second):
    if not stock:
        return []
    return [
        f"  Stock (add_child, publish, import_po, save_target; {stock['pages']} pages, timed "
        f"alike): {stock['pages_per_second']} pages/s; the pipeline "
        f"{ratio(pages_per_second, stock['pages_per_second'])}x that"
    ]


def format_import(scale):
    counts, imported = scale["counts"], scale["import"]
    english, translations = imported["english"], imported["translations"]
    return [
        f"== Scale {scale['scale']}: {counts['members']:,} members, "
        f"{counts['topics'] + counts['news'] + counts['knowledge'] + counts['videos']:,} "
        f"snippets per language ({imported['pages']:,} pages and "
        f"{imported['objects'] - imported['pages']:,} snippets in three languages)",
        f"Import through the pipeline: {imported['objects']:,} objects in {imported['seconds']} s"
        f" = {imported['objects_per_second']} objects/s (pages alone: "
        f"{imported['pages_per_second']} pages/s of page-writing time)",
        f"  English: {english['objects']:,} in {english['seconds']} s = "
        f"{english['objects_per_second']}/s (at its end, the search and reference indexes and "
        f"hero renditions: {imported['renditions_seconds']} s)",
        f"  Translations, stored and published: {translations['objects']:,} in "
        f"{translations['seconds']} s = {translations['objects_per_second']}/s",
        *format_stock_import(scale.get("stock_import"), imported["pages_per_second"]),
    ]


def format_scale(scale):
    lines = [
        *format_import(scale),
        "",
        f"{'endpoint':<14}{'':<42}{'queries':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'req/s':>9}",
    ]
    for name, endpoint in scale["endpoints"].items():
        for variant, label in scale["variants"].items():
            run = endpoint["runs"][variant]
            lines.append(
                f"{name if variant == 'a' else '':<14}({variant}) {label:<38}"
                f"{endpoint['queries'].get(variant, ''):>8}{run['p50_ms']:>9.1f}"
                f"{run['p95_ms']:>9.1f}{run['p99_ms']:>9.1f}{run['rps']:>9.1f}"
                + (f"  ({run['errors']} errors)" if run["errors"] else "")
            )
        size = endpoint["size"]
        lines.append(
            f"{'':<14}{format_pair_ratios(endpoint)}; {size['bytes']:,} bytes, "
            f"{size['gzip_bytes']:,} gzipped"
            f" ({'served gzipped' if size['served_gzipped'] else 'not gzipped by the server'})"
        )
        lines += format_paired_ratios(endpoint["runs"])
    memory = ", ".join(
        f"({name}) {figures['peak_rss_mib']}" for name, figures in scale["memory"].items()
    )
    lines.append(f"Worker RSS, peak MiB: {memory}")
    lines += format_round_spread(scale)
    return lines


def format_pair_ratios(endpoint):
    """`a/c 3.1x in one process, 2.8x wrk; b/d ...` for every pair measured both ways."""
    parts = []
    for pair, figures in endpoint.get("in_process", {}).items():
        numerator, denominator = pair.split("/")
        parts.append(
            f"{pair} {figures['ratio']}x in one process, "
            f"{wrk_ratio(endpoint['runs'], numerator, denominator)}x wrk"
        )
    return "; ".join(parts) or "no ratios"


def paired_ratios(runs, numerator, denominator):
    """The ratio of two variants in each wrk round, from their runs one after the other: drift
    slower than a round cancels out. None when either variant ran only once or is missing."""
    if numerator not in runs or denominator not in runs:
        return None
    tops, bottoms = runs[numerator].get("rounds", []), runs[denominator].get("rounds", [])
    pairs = list(zip(tops, bottoms, strict=True))  # every server runs in every round
    if len(pairs) < 2:
        return None
    return [ratio(top, bottom) for top, bottom in pairs]


def median_ratio(ratios):
    """None unless every round gave a ratio."""
    if not ratios or None in ratios:
        return None
    return round(median(ratios), 2)


def format_paired_ratios(runs):
    parts = []
    for numerator, denominator in (("a", "c"), ("b", "d"), ("l", "d")):
        ratios = paired_ratios(runs, numerator, denominator)
        middle = median_ratio(ratios)
        if middle is not None:
            listed = ", ".join(f"{value}" for value in ratios)
            parts.append(f"{numerator}/{denominator} {listed} (median {middle}x)")
    return [f"{'':<14}wrk round by round: {'; '.join(parts)}"] if parts else []


def format_round_spread(scale):
    """How far apart one server's rounds on one endpoint were at most: the machine's own noise,
    which a ratio between variants must exceed to mean anything."""
    spread = largest_round_spread(scale)
    if spread is None:
        return []
    factor, variant, endpoint = spread
    return [
        f"Rounds: one server's req/s on one endpoint varied up to {factor}x between rounds "
        f"(({variant}) {endpoint}); smaller differences are within this machine's noise"
    ]


def largest_round_spread(scale):
    """(fastest round / slowest round, variant, endpoint) for the widest such spread; None when
    no server ran more than one round."""
    widest = None
    for name, endpoint in scale["endpoints"].items():
        for variant, run in endpoint["runs"].items():
            rounds = [rps for rps in run.get("rounds", []) if rps]
            if len(rounds) < 2:
                continue
            factor = round(max(rounds) / min(rounds), 2)
            if widest is None or factor > widest[0]:
                widest = (factor, variant, name)
    return widest
