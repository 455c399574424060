"""The benchmark's own PostgreSQL databases: named `bench_*`, dropped and created afresh."""

import dj_database_url
import psycopg
from psycopg import sql

PREFIX = "bench_"


def database_url(server_url, name):
    """`postgres://postgres@127.0.0.1:5432` + `bench_scale1` -> the URL of that database."""
    return f"{server_url.rstrip('/')}/{name}"


def recreate_database(url):
    """Drop (closing its connections) and create the database `url` names. Refuses any name that
    does not start with `bench_`: this must never touch a database it did not make."""
    config = dj_database_url.parse(url)
    name = config["NAME"]
    if not name.startswith(PREFIX):
        raise ValueError(f"refusing to recreate {name!r}: benchmark databases are named {PREFIX}*")
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
