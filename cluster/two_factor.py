"""Optional two-factor login for everyone who may use the admin: a time-based code (TOTP, any
authenticator app) after the password, with django-otp.

With WAGTAIL_2FA_REQUIRED on, a logged-in user with admin access whose session has not given a
code is sent, at any request, to enter one (`verify`), or, without a device yet, to set one up
(`setup`: a QR code and its secret, confirmed by a first code). Off, the views are 404s and the
middleware does nothing.

wagtail-2fa, the package built for this, does not load on Wagtail 8 (it imports
`wagtail.users.widgets`, which Wagtail 8 no longer has), hence these two views on django-otp's
public API: `user_has_device`, `devices_for_user`, `verify_token` (throttled: each wrong code
doubles the wait before the next try) and `login`.
"""

import base64
import io

import django_otp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

# What a user who has given their password but no code yet may still reach.
OPEN_BEFORE_SECOND_FACTOR = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "two_factor_setup",
    "two_factor_verify",
}


def two_factor_required():
    return settings.WAGTAIL_2FA_REQUIRED


def awaits_second_factor(user):
    """A logged-in admin user whose session has not been verified by a code yet (django-otp's
    OTPMiddleware, installed before this one, gives the user `is_verified`)."""
    return (
        user.is_authenticated
        and user.has_perm("wagtailadmin.access_admin")
        and not user.is_verified()
    )


class TwoFactorRequiredMiddleware:
    """After django-otp's OTPMiddleware: sends an admin user who owes a code to the page that
    asks for it, from any URL (the API too: their session would see private pages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not two_factor_required() or not awaits_second_factor(request.user):
            return None
        if request.resolver_match.url_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        step = (
            "two_factor_verify" if django_otp.user_has_device(request.user) else "two_factor_setup"
        )
        return redirect_to_login(request.get_full_path(), reverse(step))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else reverse("wagtailadmin_home")


def with_next(request, url_name):
    return redirect_to_login(safe_next(request), reverse(url_name))


def setup(request):
    """Set up the user's first device: the QR code and secret of a new TOTP key, kept
    unconfirmed until a code made from it is entered. A user who has a device is sent to
    `verify`: a second device needs the first one's code (not built: an administrator deletes
    a lost device, see the README)."""
    if not two_factor_required():
        raise Http404
    user = request.user
    if django_otp.user_has_device(user):
        return with_next(request, "two_factor_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            if device.verify_token(form.cleaned_data["code"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                django_otp.login(request, device)
                return redirect(safe_next(request))
        form.add_error("code", _("That code is not right. Check the clock of your device."))
    return render(
        request,
        "cluster/two_factor/setup.html",
        {
            "form": form,
            "next": safe_next(request),
            "qr_code": qr_code_data_url(device.config_url),
            "secret": base64.b32encode(device.bin_key).decode(),
        },
    )


def verify(request):
    """Ask the code of the user's device; a right one verifies the session."""
    if not two_factor_required():
        raise Http404
    user = request.user
    device = next(iter(django_otp.devices_for_user(user)), None)
    if device is None:
        return with_next(request, "two_factor_setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        verified = django_otp.verify_token(user, device.persistent_id, form.cleaned_data["code"])
        if verified is not None:
            django_otp.login(request, verified)
            return redirect(safe_next(request))
        form.add_error("code", _("That code is not right, or came too soon after a wrong one."))
    return render(
        request, "cluster/two_factor/verify.html", {"form": form, "next": safe_next(request)}
    )


def qr_code_data_url(text):
    """An SVG QR code as a data: URL (the admin's Content-Security-Policy allows data: images)."""
    svg = io.BytesIO()
    write_qrcode_image(text, svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()


def admin_urls():
    """For the `register_admin_urls` hook: Wagtail requires admin access for them."""
    return [
        path("two-factor/setup/", setup, name="two_factor_setup"),
        path("two-factor/verify/", verify, name="two_factor_verify"),
    ]
