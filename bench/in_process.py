"""What the benchmark measures in its own process, through Django's WSGI handler (the entry
point gunicorn calls) on the same database as the servers:

- the SQL queries each variant makes per request;
- the alternating ratio: two variants answer the same endpoint in alternating blocks of
  `requests` requests (a, c, c, a, a, c ...), and the median block time of each gives their
  ratio. On a shared, noisy machine a slow spell lasts longer than a block, so it hits both
  variants of a pair alike; wrk's ratio between two servers measured one after the other has no
  such protection, so the report prints both.
"""

import io
import time
from statistics import median

from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .api_caches import cache_settings

# (numerator, denominator): the uncached API against stock; the cached API, in Redis and in
# local memory, against a plain Django view returning the same bytes.
PAIRS = (("a", "c"), ("b", "d"), ("l", "d"))


class BadAnswer(RuntimeError):
    pass


def wsgi_get(application, path):
    """(status, body) of one GET of `path` (with its query string) through `application`."""
    path_info, _sep, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses = []
    result = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return int(statuses[0].split()[0]), body


def checked_get(application, path):
    status, body = wsgi_get(application, path)
    if status >= 400:
        raise BadAnswer(f"{path} answered {status}: {body[:300]!r}")
    return body


def count_queries(targets, variants, redis_url):
    """{endpoint name: {variant: SQL queries of one request}}, each counted after one warm-up
    request (renditions made, the cached variants' entry stored)."""
    application = WSGIHandler()
    counts = {endpoint.name: {} for endpoint in targets}
    for variant in variants:
        if variant == "e":  # no Django, no database
            for endpoint in targets:
                counts[endpoint.name]["e"] = 0
            continue
        with cache_settings(variant, redis_url):
            for endpoint in targets:
                path = endpoint.path(variant)
                checked_get(application, path)
                with CaptureQueriesContext(connection) as captured:
                    checked_get(application, path)
                counts[endpoint.name][variant] = len(captured)
    return counts


def time_block(application, path, requests):
    started = time.perf_counter()
    for _ in range(requests):
        wsgi_get(application, path)
    return time.perf_counter() - started


def alternating_ratio(application, endpoint, pair, blocks, requests, redis_url):
    """{"ratio", "ratio_of_minima", "ms": {variant: median ms per request}, "blocks"} for the
    pair (numerator, denominator): how many times faster the numerator answers. A first block
    of each warms up and is not counted."""
    numerator, denominator = pair
    times = {variant: [] for variant in pair}
    # The numerator's cache settings for the whole pair: switching them per block would open a
    # new Redis connection each time. The denominators (c, d) never read the response cache.
    with cache_settings(numerator, redis_url):
        for variant in pair:
            checked_get(application, endpoint.path(variant))
        for block in range(blocks + 1):
            order = pair if block % 2 else tuple(reversed(pair))
            for variant in order:
                elapsed = time_block(application, endpoint.path(variant), requests)
                if block:
                    times[variant].append(elapsed)
    middle = {variant: median(times[variant]) for variant in pair}
    return {
        "ratio": round(middle[denominator] / middle[numerator], 2),
        "ratio_of_minima": round(min(times[denominator]) / min(times[numerator]), 2),
        "ms": {variant: round(1000 * middle[variant] / requests, 2) for variant in pair},
        "blocks": blocks,
        "requests": requests,
    }


def alternating_ratios(targets, variants, blocks, requests, redis_url, log=print):
    """{endpoint name: {"a/c": alternating_ratio(...), ...}} for every pair whose variants are
    both measured."""
    application = WSGIHandler()
    ratios = {endpoint.name: {} for endpoint in targets}
    for endpoint in targets:
        for pair in PAIRS:
            if not set(pair) <= set(variants):
                continue
            figures = alternating_ratio(application, endpoint, pair, blocks, requests, redis_url)
            name = "/".join(pair)
            ratios[endpoint.name][name] = figures
            log(
                f"  in one process {endpoint.name:<13} {name} {figures['ratio']:>6.2f}x"
                f"  ({', '.join(f'{v} {ms} ms' for v, ms in figures['ms'].items())})"
            )
    return ratios
