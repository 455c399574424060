"""The API under load: each variant (endpoints.py) on its own gunicorn server, loaded with wrk
endpoint by endpoint, the servers interleaved (a, b, l, c, d, e, a, b ...) so that the machine's
drift hits all alike; the captured bytes (d, e replay them) checked byte for byte first."""

import gzip
from statistics import median

from .api_caches import server_environment
from .captured import RESPONSES_DIR_VARIABLE, save_response
from .endpoints import VARIANTS
from .gunicorn_servers import BARE_APP, DJANGO_APP, Server, get
from .wrk import run_load


def build_servers(options, responses_dir, redis_url):
    """{variant: Server}; (b) only when `redis_url` is given (Redis answers there)."""
    replay = {RESPONSES_DIR_VARIABLE: str(responses_dir)}
    variants = ["a", "l", "c", "d", "e"] + (["b"] if redis_url else [])
    servers = {}
    for variant in sorted(variants, key=list(VARIANTS).index):
        environment = server_environment(variant, redis_url)
        if variant in ("d", "e"):
            environment |= replay
        app = BARE_APP if variant == "e" else DJANGO_APP
        servers[variant] = Server(variant, app, environment, options.workers)
    return servers


def start_and_capture(servers, targets, responses_dir, server_log):
    """Start every server; returns the sizes of (a)'s answers, captured for (d) and (e)."""
    for name, server in servers.items():
        if name not in ("d", "e"):
            server.start(server_log)
    servers["a"].wait_until_ready(targets[0].ours)
    sizes = capture_responses(servers["a"], targets, responses_dir)
    for name in ("d", "e"):
        servers[name].start(server_log)
    for server in servers.values():
        server.wait_until_ready(targets[0].path(server.name))
    check_same_bytes(servers, targets, responses_dir)
    return sizes


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
        for name in ("d", "e", "b", "l"):
            if name not in servers:
                continue
            _status, _headers, body = get(servers[name].address, endpoint.path(name))
            if body != expected:
                raise RuntimeError(f"({name}) does not return (a)'s bytes for {endpoint.name}")


def load_interleaved(servers, targets, options, log):
    """{endpoint: {variant: [run, ...]}}: a warm-up per pair, then `rounds` rounds of every
    variant on every endpoint."""
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
