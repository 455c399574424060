"""The benchmark's own PostgreSQL databases, `<prefix>scale<N>`, dropped and created afresh.

The prefix is BENCH_DATABASE_PREFIX (default `bench_`); it must end in `bench_`, so that two
people sharing a server can keep apart (`alice_bench_`) and no name the benchmark did not make
can ever be dropped."""

import os

import dj_database_url
import psycopg
from psycopg import sql

REQUIRED_ENDING = "bench_"


def database_prefix():
    prefix = os.environ.get("BENCH_DATABASE_PREFIX", REQUIRED_ENDING)
    if not prefix.endswith(REQUIRED_ENDING):
        raise ValueError(f"BENCH_DATABASE_PREFIX must end in {REQUIRED_ENDING!r}: {prefix!r}")
    return prefix


def scale_database_url(server_url, scale):
    """`postgres://postgres@127.0.0.1:5432` + 1 -> `.../bench_scale1` (with the prefix)."""
    return f"{server_url.rstrip('/')}/{database_prefix()}scale{scale}"


def recreate_database(url):
    """Drop (closing its connections) and create the database `url` names. Refuses any name that
    does not start with a prefix ending in `bench_`: this must never touch a database it did not
    make."""
    config = dj_database_url.parse(url)
    name = config["NAME"]
    if REQUIRED_ENDING not in name or not name.startswith(database_prefix()):
        raise ValueError(
            f"refusing to recreate {name!r}: benchmark databases are named "
            f"{database_prefix()}scale<N>"
        )
    connection_info = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**connection_info, autocommit=True) as connection:
        identifier = sql.Identifier(name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
