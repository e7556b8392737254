"""Login policy after authentication: second factor, then a changed password, before anything else."""

from django.shortcuts import redirect
from django.urls import reverse

# Pages a half-logged-in user must still reach.
OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")


class LoginPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(OPEN_PREFIXES) \
                and not request.path.startswith("/api/") and not request.path.startswith("/epcis/"):
            target = self.pending_step(request, user)
            if target:
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def pending_step(request, user) -> str | None:
        if user.needs_second_factor and not user.is_verified():
            from django_otp import user_has_device

            return "accounts:otp_verify" if user_has_device(user, confirmed=True) else "accounts:otp_setup"
        if user.must_change_password:
            return "accounts:password_change"
        return None
