"""The load generator: Debian's `wrk` on loopback, a fixed duration per run, latency percentiles
from a small Lua script (wrk prints p50/p75/p90/p99 only, not p95)."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

REPORT_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "bad_status": %d}\\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


def wrk_path():
    path = shutil.which("wrk")
    if path is None:
        raise RuntimeError("wrk is not installed: `apt-get install wrk` (make bench does it)")
    return path


def run_load(address, path, seconds, connections):
    """Keep `connections` keep-alive connections busy on http://address/path for `seconds`;
    returns requests per second, p50/p95/p99 latency in milliseconds and the error counts."""
    host, port = address
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(REPORT_SCRIPT)
    try:
        completed = subprocess.run(
            [
                wrk_path(),
                "--threads=1",
                f"--connections={connections}",
                f"--duration={seconds}s",
                "--timeout=30s",
                f"--script={script.name}",
                f"http://{host}:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(script.name).unlink()
    line = next(line for line in reversed(completed.stdout.splitlines()) if line.startswith("{"))
    raw = json.loads(line)
    seconds_measured = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_measured, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["errors"],
        "bad_status": raw["bad_status"],
    }
