"""What the benchmark's figures were measured on: CPUs, memory, versions, the load average."""

import os
import platform
import subprocess
from pathlib import Path

import psycopg


def machine(database_url):
    """What the figures were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    with psycopg.connect(database_url) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": postgres.split()[0],
        "wrk": (wrk.split() or ["?", "?"])[1],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
