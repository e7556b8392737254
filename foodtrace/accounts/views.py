"""Login, second factor (TOTP) and forced password change pages."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from foodtrace.audit.recorder import record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
        messages.success(self.request, _("Your password has been changed."))
        return response


class TokenForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("6-digit code"), max_length=6, min_length=6,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse_lazy("home")
    if not url_has_allowed_host_and_scheme(str(target), allowed_hosts={request.get_host()}):
        return str(reverse_lazy("home"))
    return str(target)


@login_required
def otp_setup(request):
    """Enrol a TOTP authenticator: show the QR code, confirm with a first code."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            record(action="otp_enrolled", object_type="accounts.user", object_id=str(user.pk),
                   object_repr=user.username)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired. Check the time on your phone and try again."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5)
    return render(request, "accounts/otp_setup.html", {
        "form": form, "qr_svg": qr_svg, "secret": _base32(device), "next": _next_url(request)})


def _base32(device) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


@login_required
def otp_verify(request):
    user = request.user
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_next_url(request))
        record(action="otp_failed", object_type="accounts.user", object_id=str(user.pk), object_repr=user.username)
        form.add_error("token", _("The code is wrong or has expired."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})
