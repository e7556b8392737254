"""Logins, logouts and failed logins go into the audit trail (等保: 登录审计)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from foodtrace.audit.context import actor_of, client_ip, source_of
from foodtrace.audit.recorder import record


def _request_bits(request):
    if request is None:
        return "web", None
    return source_of(request.path), client_ip(request)


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    source, ip = _request_bits(request)
    record(action="login", object_type="accounts.user", object_id=str(user.pk), object_repr=user.username,
           actor=actor_of(user, source=source, ip=ip))


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is None:
        return
    source, ip = _request_bits(request)
    record(action="logout", object_type="accounts.user", object_id=str(user.pk), object_repr=user.username,
           actor=actor_of(user, source=source, ip=ip))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    source, ip = _request_bits(request)
    username = str(credentials.get("username", ""))[:150]
    record(action="login_failed", object_type="accounts.user", object_repr=username,
           actor=actor_of(None, source=source, ip=ip))
