"""One scale of the benchmark, inside a Django process (bench.settings) whose DATABASE_URL names
a fresh `<prefix>scale<N>` database: generate, import through the pipeline, time the stock way
on a sample, then measure the API twice: under gunicorn with wrk (under_gunicorn.py) and in this
process, alternating between the variants of each pair (in_process.py)."""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection

from .api_caches import bench_redis_url, empty_redis, redis_available
from .captured import RESPONSES_DIR_VARIABLE, responses_from_environment
from .endpoints import VARIANTS, endpoints
from .generate import Scale, generate
from .in_process import alternating_ratios, count_queries
from .stock_import import stock_import_rate
from .timed_import import summarise, timed_import
from .under_gunicorn import build_servers, load_interleaved, start_and_capture, summarise_runs

STOCK_SAMPLE = 10  # cities created, translated and published the stock way, three pages each


@dataclass(frozen=True)
class Options:
    duration: int = 10
    warmup: int = 2
    rounds: int = 2
    workers: int = 2
    connections: int = 2
    blocks: int = 7  # in one process: blocks per variant of a pair
    block_requests: int = 20  # in one process: requests per block


def run_scale(factor, options, log=print):
    """Everything for `Scale.of(factor)`; returns the figures as a dict (see report.py)."""
    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory(prefix="cluster-bench-") as workdir:
        workdir = Path(workdir)
        scale = Scale.of(factor)
        log(f"Scale {factor}: generating {scale}")
        generate(workdir / "content", scale)
        log("Importing through the pipeline (import_content, import_translations)")
        imported = summarise(*timed_import(workdir / "content", log=lambda line: log(line)))
        analyse_tables(log)
        log(f"Creating, translating and publishing {STOCK_SAMPLE} cities the stock way")
        stock_import = stock_import_rate(workdir / "content", STOCK_SAMPLE)
        results = {"scale": factor, "counts": scale.__dict__, "import": imported}
        results["stock_import"] = stock_import
        results |= measure_api(options, workdir, log)
    return results


def analyse_tables(log):
    """Table statistics and visibility maps, as autovacuum keeps them on a production server
    (a benchmark machine may run without it): without statistics PostgreSQL plans every query as
    if the tables were empty, for this project, the stock API and the stock import alike."""
    if connection.vendor == "postgresql":
        log("Vacuuming and analysing the tables (VACUUM ANALYZE), as autovacuum would")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def measure_api(options, workdir, log):
    targets = endpoints()
    responses_dir = workdir / "responses"
    redis_url = bench_redis_url()
    if redis_available(redis_url):
        empty_redis(redis_url)
    else:
        log(f"No Redis answers at {redis_url} (BENCH_REDIS_URL): (b) is not measured")
        redis_url = None
    servers = build_servers(options, responses_dir, redis_url)
    with open(workdir / "gunicorn.log", "w") as server_log:
        try:
            sizes = start_and_capture(servers, targets, responses_dir, server_log)
            runs = load_interleaved(servers, targets, options, log)
            memory = {name: server.worker_memory() for name, server in servers.items()}
        finally:
            for server in servers.values():
                server.stop()
    # The servers are stopped: the process measured alone has the machine's cores to itself.
    os.environ[RESPONSES_DIR_VARIABLE] = str(responses_dir)
    responses_from_environment.cache_clear()
    queries = count_queries(targets, list(servers), redis_url)
    log("In one process, alternating blocks of requests between the variants of each pair")
    in_process = alternating_ratios(
        targets, list(servers), options.blocks, options.block_requests, redis_url, log
    )
    return {
        "variants": {name: VARIANTS[name] for name in servers},
        "endpoints": {
            endpoint.name: {
                "paths": {name: endpoint.path(name) for name in servers},
                "queries": queries[endpoint.name],
                "size": sizes[endpoint.name],
                "runs": {name: summarise_runs(runs[endpoint.name][name]) for name in servers},
                "in_process": in_process[endpoint.name],
            }
            for endpoint in targets
        },
        "memory": memory,
        "redis": bool(redis_url),
    }
