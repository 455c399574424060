"""One scale of the benchmark, inside a Django process whose DATABASE_URL names a fresh
`bench_*` database: generate, import through the pipeline, then load each endpoint in turn on
five servers, interleaved (a, b, c, d, e, a, b, ...) so that the machine's drift hits all alike.

- (a) this project's API, server-side cache off;
- (b) the same with the response cache on (API_CACHE_ENABLED), when the project has one;
- (c) Wagtail's stock v2 API (`PagesAPIViewSet`, a bare `BaseAPIViewSet` for news) on the same
  data, at /bench/stock/api/v2/ (cms/bench_urls.py);
- (d) a plain Django view returning (a)'s bytes, captured once;
- (e) a bare WSGI app returning the same bytes.
"""

import gzip
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from ..models import CityPage, ClusterPage
from .captured import RESPONSES_DIR_VARIABLE, responses_from_environment, save_response
from .generate import Scale, generate
from .importing import summarise, timed_import
from .load import run_load
from .servers import BARE_APP, DJANGO_APP, Server, get
from .stock_import import stock_import_rate

VARIANTS = {
    "a": "this project, uncached",
    "b": "this project, cached",
    "c": "Wagtail stock v2",
    "d": "plain Django view, same bytes as (a)",
    "e": "bare WSGI app, same bytes as (a)",
}
OURS, STOCK = "/api/v2/", "/bench/stock/api/v2/"
SEARCH_WORD = "heritage"
STOCK_SAMPLE = 10  # cities created, translated and published the stock way, three pages each


@dataclass(frozen=True)
class Options:
    duration: int = 10
    warmup: int = 2
    rounds: int = 2
    workers: int = 2
    connections: int = 2


@dataclass(frozen=True)
class Endpoint:
    name: str
    ours: str  # path and query of (a) and (b)
    stock: str  # the same request to Wagtail's stock API (c)

    def path(self, variant):
        if variant in ("a", "b"):
            return self.ours
        if variant == "c":
            return self.stock
        return f"/bench/plain/{self.name}/"


def endpoints():
    """The main endpoints, on a city from the middle of the tree."""
    cities = CityPage.objects.filter(locale__language_code="en", live=True).order_by("path")
    city = cities[cities.count() // 2]
    cluster = ClusterPage.objects.get(locale__language_code="en")
    listing = "pages/?type=cluster.CityPage&fields=*&limit=20&locale=en"
    news = "news/?fields=*&limit=20"
    city_path = f"{cluster.slug}/{city.slug}/"
    search = f"pages/?search={SEARCH_WORD}&locale=en"
    return [
        Endpoint("city_listing", OURS + listing, STOCK + listing),
        Endpoint("city_detail", f"{OURS}pages/{city.pk}/", f"{STOCK}pages/{city.pk}/"),
        Endpoint("news_listing", f"{OURS}{news}&locale=en", STOCK + news),  # stock: no ?locale=
        Endpoint(
            "find_by_path",
            f"{OURS}pages/find/?html_path=/en/{city_path}",
            f"{STOCK}pages/find/?html_path=/{city_path}",  # stock: the default language's tree
        ),
        Endpoint("search", OURS + search, STOCK + search),
    ]


def has_response_cache():
    return hasattr(settings, "API_CACHE_ENABLED")


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
        log(f"Creating, translating and publishing {STOCK_SAMPLE} cities the stock way")
        stock_import = stock_import_rate(workdir / "content", STOCK_SAMPLE)
        analyse_tables(log)
        results = {"scale": factor, "counts": scale.__dict__, "import": imported}
        results["stock_import"] = stock_import
        results |= measure_api(options, workdir, log)
    return results


def analyse_tables(log):
    """Table statistics and visibility maps, as autovacuum keeps them on a production server
    (a benchmark machine may run without it): without statistics PostgreSQL plans every query as
    if the tables were empty, and without visibility maps it cannot count rows from an index
    alone, for this project and for the stock API alike."""
    if connection.vendor == "postgresql":
        log("Vacuuming and analysing the tables (VACUUM ANALYZE), as autovacuum would")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def measure_api(options, workdir, log):
    targets = endpoints()
    responses_dir = workdir / "responses"
    servers = build_servers(options, responses_dir)
    with open(workdir / "gunicorn.log", "w") as server_log:
        try:
            for name in ("a", "b", "c"):
                if name in servers:
                    servers[name].start(server_log)
            servers["a"].wait_until_ready(targets[0].ours)
            sizes = capture_responses(servers["a"], targets, responses_dir)
            for name in ("d", "e"):
                servers[name].start(server_log)
            for server in servers.values():
                server.wait_until_ready(targets[0].path(server.name))
            check_same_bytes(servers, targets, responses_dir)
            queries = count_queries(targets, responses_dir, "b" in servers)
            runs = load_interleaved(servers, targets, options, log)
            memory = {name: server.worker_memory() for name, server in servers.items()}
        finally:
            for server in servers.values():
                server.stop()
    return {
        "variants": {name: VARIANTS[name] for name in servers},
        "endpoints": {
            endpoint.name: {
                "paths": {name: endpoint.path(name) for name in servers},
                "queries": queries[endpoint.name],
                "size": sizes[endpoint.name],
                "runs": {name: summarise_runs(runs[endpoint.name][name]) for name in servers},
            }
            for endpoint in targets
        },
        "memory": memory,
        "response_cache": "b" in servers,
    }


def build_servers(options, responses_dir):
    uncached = {"API_CACHE_ENABLED": "false"}
    replay = {RESPONSES_DIR_VARIABLE: str(responses_dir)}
    servers = {
        "a": Server("a", DJANGO_APP, uncached, options.workers),
        "c": Server("c", DJANGO_APP, uncached, options.workers),
        "d": Server("d", DJANGO_APP, {**uncached, **replay}, options.workers),
        "e": Server("e", BARE_APP, replay, options.workers),
    }
    if has_response_cache():
        servers["b"] = Server("b", DJANGO_APP, {"API_CACHE_ENABLED": "true"}, options.workers)
    return dict(sorted(servers.items()))


def capture_responses(server, targets, responses_dir):
    """(a)'s answer to each endpoint, saved for (d) and (e); returns sizes, plain and gzipped."""
    sizes = {}
    for endpoint in targets:
        status, headers, body = get(server.address, endpoint.ours)
        if status >= 400:
            raise RuntimeError(f"{endpoint.ours} answered {status}: {body[:300]!r}")
        save_response(responses_dir, endpoint.name, status, headers, body)
        _status, gzipped_headers, gzipped = get(
            server.address, endpoint.ours, {"Accept-Encoding": "gzip"}
        )
        sizes[endpoint.name] = {
            "status": status,
            "bytes": len(body),
            "gzip_bytes": len(gzip.compress(body, compresslevel=6)),
            "served_gzipped": gzipped_headers.get("Content-Encoding") == "gzip",
            "served_gzip_bytes": len(gzipped),
        }
    return sizes


def check_same_bytes(servers, targets, responses_dir):
    for endpoint in targets:
        expected = (responses_dir / f"{endpoint.name}.body").read_bytes()
        for name in ("d", "e"):
            _status, _headers, body = get(servers[name].address, endpoint.path(name))
            if body != expected:
                raise RuntimeError(f"({name}) does not return (a)'s bytes for {endpoint.name}")


def count_queries(targets, responses_dir, cached):
    """SQL queries per request, counted in this process with Django's test client on the same
    database, after one warm-up request (renditions, caches, the cached variant's entry)."""
    client = Client(HTTP_HOST="127.0.0.1")

    def queries(path):
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code >= 400:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return len(captured)

    counts = {}
    with override_settings(API_CACHE_ENABLED=False):
        for endpoint in targets:
            counts[endpoint.name] = {"a": queries(endpoint.ours), "c": queries(endpoint.stock)}
    if cached:
        with override_settings(API_CACHE_ENABLED=True):
            for endpoint in targets:
                counts[endpoint.name]["b"] = queries(endpoint.ours)
    os.environ[RESPONSES_DIR_VARIABLE] = str(responses_dir)
    responses_from_environment.cache_clear()
    for endpoint in targets:
        counts[endpoint.name]["d"] = queries(endpoint.path("d"))
        counts[endpoint.name]["e"] = 0  # no Django, no database
    return counts


def load_interleaved(servers, targets, options, log):
    """{endpoint: {variant: [run, ...]}}: a warm-up per pair, then `rounds` rounds of
    a, b, c, d, e on every endpoint."""
    runs = {endpoint.name: {name: [] for name in servers} for endpoint in targets}
    for endpoint in targets:
        for name, server in servers.items():
            run_load(server.address, endpoint.path(name), options.warmup, options.connections)
    for round_number in range(1, options.rounds + 1):
        for endpoint in targets:
            for name, server in servers.items():
                run = run_load(
                    server.address, endpoint.path(name), options.duration, options.connections
                )
                runs[endpoint.name][name].append(run)
                log(
                    f"  round {round_number} {endpoint.name:<13} ({name}) {run['rps']:>8.1f} req/s"
                    f"  p50 {run['p50_ms']:.1f} ms"
                )
    return runs


def summarise_runs(runs):
    """The median of the rounds for each figure; errors added up."""
    return {
        "rps": round(median(run["rps"] for run in runs), 1),
        "p50_ms": round(median(run["p50_ms"] for run in runs), 2),
        "p95_ms": round(median(run["p95_ms"] for run in runs), 2),
        "p99_ms": round(median(run["p99_ms"] for run in runs), 2),
        "requests": sum(run["requests"] for run in runs),
        "errors": sum(run["errors"] + run["bad_status"] for run in runs),
        "rounds": [run["rps"] for run in runs],
    }
