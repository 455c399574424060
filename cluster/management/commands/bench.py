import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cluster.benchmark.database import database_url, recreate_database
from cluster.benchmark.report import format_results, machine
from cluster.benchmark.run import Options, run_scale


class Command(BaseCommand):
    help = (
        "Benchmark the import and the API (make bench): for each scale, a fresh bench_scale<N> "
        "database is filled through the import pipeline, then the main endpoints are loaded with "
        "wrk under gunicorn, against Wagtail's stock API, a plain Django view and a bare WSGI app."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        environ = os.environ.get
        parser.add_argument(
            "--scales",
            default=environ("BENCH_SCALES", "1 100"),
            help="space- or comma-separated multiples of the seed (BENCH_SCALES, default '1 100')",
        )
        parser.add_argument("--duration", type=int, default=int(environ("BENCH_DURATION", "10")))
        parser.add_argument("--warmup", type=int, default=int(environ("BENCH_WARMUP", "2")))
        parser.add_argument("--rounds", type=int, default=int(environ("BENCH_ROUNDS", "2")))
        parser.add_argument("--workers", type=int, default=int(environ("BENCH_WORKERS", "2")))
        parser.add_argument(
            "--connections", type=int, default=int(environ("BENCH_CONNECTIONS", "2"))
        )
        parser.add_argument(
            "--server",
            default=environ("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
            help="PostgreSQL server for the bench_* databases (BENCH_POSTGRES_URL)",
        )
        parser.add_argument("--json", help="also write the figures to this file")
        parser.add_argument("--one-scale", type=int, help=argparse.SUPPRESS)
        parser.add_argument("--results", help=argparse.SUPPRESS)

    def handle(self, **options):
        bench_options = Options(
            duration=options["duration"],
            warmup=options["warmup"],
            rounds=options["rounds"],
            workers=options["workers"],
            connections=options["connections"],
        )
        if options["one_scale"]:
            results = run_scale(options["one_scale"], bench_options, log=self.stdout.write)
            Path(options["results"]).write_text(json.dumps(results, indent=2))
            return
        scales = [int(scale) for scale in options["scales"].replace(",", " ").split()]
        results = [self.run_in_own_database(scale, options) for scale in scales]
        last_database = database_url(options["server"], f"bench_scale{scales[-1]}")
        report = format_results(results, machine(last_database), bench_options)
        self.stdout.write("\n" + report)
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(results, indent=2))

    def run_in_own_database(self, scale, options):
        """One scale in a child process whose settings name its own fresh database."""
        url = database_url(options["server"], f"bench_scale{scale}")
        recreate_database(url)
        with (
            tempfile.NamedTemporaryFile(suffix=".json") as results,
            tempfile.TemporaryDirectory(prefix="cluster-bench-media-") as media,
        ):
            command = [
                sys.executable,
                "manage.py",
                "bench",
                f"--one-scale={scale}",
                f"--results={results.name}",
                *(f"--{name}={options[name]}" for name in SHARED_OPTIONS),
            ]
            environment = {
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
                "MEDIA_ROOT": media,  # the placeholder images and renditions of this run
            }
            completed = subprocess.run(command, env=environment)
            if completed.returncode:
                raise CommandError(f"the benchmark at scale {scale} failed")
            return json.loads(Path(results.name).read_text())


SHARED_OPTIONS = ("duration", "warmup", "rounds", "workers", "connections")
