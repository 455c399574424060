"""Content-Security-Policy headers through django-csp: every HTML answer (the admin) gets the
policy of CONTENT_SECURITY_POLICY; the API's JSON, which no browser should run or frame, gets
one that allows nothing."""

from csp.middleware import CSPMiddleware

API_PREFIX = "/api/"
NOTHING_ALLOWED = {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, whose documented extension point is `get_policy_parts`; a view
    that sets its own policy (django-csp's decorators) keeps it."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(API_PREFIX):
            parts.config = NOTHING_ALLOWED
        return parts
