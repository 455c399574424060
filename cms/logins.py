"""How django-axes counts failed logins: by which parameters, and from which client address.

Settings read the environment through `lockout_parameters`; axes calls `client_ip_address` for
every login attempt (AXES_CLIENT_IP_CALLABLE)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

LOCKOUT_PARAMETER_NAMES = {"username", "ip_address", "user_agent"}


def lockout_parameters(text):
    """AXES_LOCKOUT_PARAMETERS from a short notation: `+` joins parameters counted together,
    `,` separates counters kept apart. "username+ip_address" (the default) gives
    `[["username", "ip_address"]]`: one address's failures for one user; "username,ip_address"
    gives `["username", "ip_address"]`: a user's failures from anywhere and an address's failures
    for anyone, each locking on its own."""
    counters = []
    for counter in text.split(","):
        names = [name.strip() for name in counter.split("+") if name.strip()]
        unknown = set(names) - LOCKOUT_PARAMETER_NAMES
        if not names or unknown:
            raise ImproperlyConfigured(
                f"AXES_LOCKOUT_PARAMETERS: expected names from "
                f"{', '.join(sorted(LOCKOUT_PARAMETER_NAMES))} joined by + and separated by "
                f"commas, got {text!r}"
            )
        counters.append(names[0] if len(names) == 1 else names)
    return counters


def client_ip_address(request):
    """The address a login attempt came from. The connection's own address unless
    TRUSTED_PROXY_COUNT reverse proxies stand in front of the server: each appends the address
    it was reached from to X-Forwarded-For, so the client is the entry that many places from
    the right; anything further left was written by the client and may be forged. Without
    trusted proxies the header is ignored: a client could otherwise pick a new address for
    every attempt and never be locked out."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies:
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if len(addresses) >= proxies:
            return addresses[-proxies]
    return request.META.get("REMOTE_ADDR")
