"""The admin's Content-Security-Policy, as django-csp's `CONTENT_SECURITY_POLICY` setting.

Wagtail 8's admin still writes inline <script> elements without a nonce (inline panels, date
pickers, wagtail-localize's editor) and inline styles, so both need 'unsafe-inline': the policy
cannot stop an injected inline script, but it keeps scripts, styles, fonts and fetches to this
origin, forms posting here, no plugins, no <base> rewriting and no framing by other sites.
"""

from urllib.parse import urlsplit


def url_origins(*urls):
    """The distinct origins of the absolute URLs among `urls` (relative ones have none)."""
    origins = [f"{p.scheme}://{p.netloc}" for p in map(urlsplit, filter(None, urls)) if p.netloc]
    return list(dict.fromkeys(origins))


def admin_policy(*, media_origins, static_origins, preview_origins):
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'", "'unsafe-inline'", *static_origins],
            "style-src": ["'self'", "'unsafe-inline'", *static_origins],
            "img-src": ["'self'", "data:", "blob:", *static_origins, *media_origins],
            "media-src": ["'self'", *media_origins],
            "font-src": ["'self'", "data:", *static_origins],
            # Wagtail's dashboard asks for its latest version (WAGTAIL_ENABLE_UPDATE_CHECK).
            "connect-src": ["'self'", "https://releases.wagtail.org"],
            # The preview panel frames the frontend's preview routes.
            "frame-src": ["'self'", *preview_origins],
            "frame-ancestors": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        }
    }
