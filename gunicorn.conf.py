"""gunicorn's configuration for the `web` process (Procfile): `gunicorn --config gunicorn.conf.py`.

Every value can be changed from the environment: PORT (8000), WEB_CONCURRENCY (worker processes,
default 2 per CPU plus 1, at most 8), GUNICORN_TIMEOUT (seconds a request may take, 30), or any
gunicorn option through GUNICORN_CMD_ARGS (e.g. "--bind unix:/run/cms.sock").
"""

import multiprocessing
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

wsgi_app = "cms.wsgi:application"
bind = [f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
# Sync workers: each request holds one process and one kept database connection (CONN_MAX_AGE),
# so PostgreSQL needs max_connections above servers x WEB_CONCURRENCY + workers + scheduler.
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# A worker is replaced after about 1000 requests: memory a long-lived process gathers (image
# decoding, caches of Python objects) is given back.
max_requests = 1000
max_requests_jitter = 100
# Errors to stderr. Access lines only when asked (GUNICORN_CMD_ARGS="--access-logfile -"),
# each with the request id the application answered with (cms/request_id.py). Behind a proxy,
# FORWARDED_ALLOW_IPS (gunicorn's own variable) names the addresses trusted for X-Forwarded-*.
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
