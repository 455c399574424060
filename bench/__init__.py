"""The benchmark behind `make bench` (`python -m bench`), kept out of the product: nothing in
cms/, cluster/ or home/ imports it, and the package build does not ship it.

- generate.py (with content_objects.py, synthetic_text.py, vocabulary.py): synthetic content at
  the seed's scale and larger, in the project's own YAML and PO format;
- timed_import.py, stock_import.py: imported through the project's pipeline, and a sample made
  the stock way beside it;
- settings.py, server_urls.py, stock_api.py, plain_view.py, bare_wsgi.py: the servers'
  configuration, with what the API is compared with (Wagtail's stock v2 API, the same bytes
  from a plain Django view and from a bare WSGI app);
- under_gunicorn.py, gunicorn_servers.py, wrk.py: the API under load, server by server;
- in_process.py: queries per request and the alternating ratio, in one process;
- report.py, targets.py, machine_info.py: the figures as text, with the issue's targets."""
