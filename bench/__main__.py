"""`python -m bench` (what `make bench` runs): for each scale, a fresh `<prefix>scale<N>`
database on the PostgreSQL server at BENCH_POSTGRES_URL is filled through the import pipeline in
a child process of its own (bench.settings, DATABASE_URL naming that database), then the API is
measured; the report (report.py) comes at the end. `python -m bench --help` lists the options,
each also read from an environment variable."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .databases import recreate_database, scale_database_url
from .machine_info import machine
from .report import format_results

SETTINGS_MODULE = "bench.settings"
SHARED_OPTIONS = ("duration", "warmup", "rounds", "workers", "connections", "blocks")
SHARED_OPTIONS += ("block_requests",)


def parse_arguments(argv=None):
    environ = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--scales",
        default=environ("BENCH_SCALES", "1 100"),
        help="space- or comma-separated multiples of the seed (BENCH_SCALES, default '1 100')",
    )
    for name, variable, default, meaning in (
        ("duration", "BENCH_DURATION", 10, "seconds of each wrk run"),
        ("warmup", "BENCH_WARMUP", 2, "seconds of wrk warm-up per server and endpoint"),
        ("rounds", "BENCH_ROUNDS", 2, "interleaved wrk rounds"),
        ("workers", "BENCH_WORKERS", 2, "gunicorn workers per server"),
        ("connections", "BENCH_CONNECTIONS", 2, "wrk keep-alive connections"),
        ("blocks", "BENCH_BLOCKS", 7, "in one process: timed blocks per variant of a pair"),
        ("block-requests", "BENCH_BLOCK_REQUESTS", 20, "in one process: requests per block"),
    ):
        parser.add_argument(
            f"--{name}",
            type=int,
            default=int(environ(variable, str(default))),
            help=f"{meaning} ({variable}, default {default})",
        )
    parser.add_argument(
        "--server",
        default=environ("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server for the benchmark's databases (BENCH_POSTGRES_URL)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--one-scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--results", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None):
    arguments = parse_arguments(argv)
    options = {name: getattr(arguments, name) for name in SHARED_OPTIONS}
    if arguments.one_scale:
        run_one_scale(arguments.one_scale, options, arguments.results)
        return
    scales = [int(scale) for scale in arguments.scales.replace(",", " ").split()]
    results = [run_in_own_database(scale, arguments) for scale in scales]
    last_database = scale_database_url(arguments.server, scales[-1])
    print("\n" + format_results(results, machine(last_database), options))
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(results, indent=2))


def run_one_scale(scale, options, results_file):
    """In the child process: Django set up on the scale's database, the figures to a file."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()
    from .run_scale import Options, run_scale

    results = run_scale(scale, Options(**options), log=lambda line: print(line, flush=True))
    Path(results_file).write_text(json.dumps(results, indent=2))


def run_in_own_database(scale, arguments):
    """One scale in a child process whose settings name its own fresh database."""
    url = scale_database_url(arguments.server, scale)
    recreate_database(url)
    with (
        tempfile.NamedTemporaryFile(suffix=".json") as results,
        tempfile.TemporaryDirectory(prefix="cluster-bench-media-") as media,
    ):
        command = [
            sys.executable,
            "-m",
            "bench",
            f"--one-scale={scale}",
            f"--results={results.name}",
            *(f"--{name.replace('_', '-')}={getattr(arguments, name)}" for name in SHARED_OPTIONS),
        ]
        environment = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "MEDIA_ROOT": media,  # the placeholder images and renditions of this run
        }
        completed = subprocess.run(command, env=environment, cwd=Path(__file__).parents[1])
        if completed.returncode:
            sys.exit(f"the benchmark at scale {scale} failed")
        return json.loads(Path(results.name).read_text())


if __name__ == "__main__":
    main()
