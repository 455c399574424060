"""The benchmark behind `make bench`: synthetic content at the seed's scale and larger
(generate.py), imported through the project's own pipeline (importing.py), then the API measured
under gunicorn against Wagtail's stock API and servers that only return the same bytes (the
harness: servers.py, load.py, run.py)."""
