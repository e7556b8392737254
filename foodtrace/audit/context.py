"""Who is acting right now: the request being served, or an explicit actor.

Middleware puts the current request here; services and commands may name the
actor explicitly with ``acting_as``. The recorder reads it when it writes an
entry, so every write knows who, from where and through which door.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Actor:
    type: str  # AuditEntry.ActorType values
    id: str
    name: str
    role: str
    source: str
    ip: str | None


_request: ContextVar = ContextVar("audit_request", default=None)
_override: ContextVar = ContextVar("audit_actor", default=None)


def source_of(path: str) -> str:
    for prefix, source in (("/admin/", "admin"), ("/api/", "api"), ("/epcis/", "api")):
        if path.startswith(prefix):
            return source
    return "web"


def client_ip(request) -> str | None:
    # Behind a reverse proxy the operator names it; otherwise the socket peer is the truth.
    if getattr(settings, "FOODTRACE_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


def actor_of(principal, *, source: str, ip: str | None) -> Actor:
    """An Actor for a user or API client (anything with ``audit_actor_type``)."""
    kind = getattr(principal, "audit_actor_type", None)
    if kind and getattr(principal, "is_authenticated", False):
        return Actor(kind, str(principal.pk), principal.audit_name, principal.role or "", source, ip)
    return Actor("anonymous", "", "", "", source, ip)


def current_actor() -> Actor:
    override = _override.get()
    if override is not None:
        return override
    request = _request.get()
    if request is None:
        return Actor("system", "", "system", "", "unknown", None)
    source, ip = source_of(request.path), client_ip(request)
    # Django Ninja puts the authenticated API client (or user) on request.auth.
    auth = getattr(request, "auth", None)
    if getattr(auth, "audit_actor_type", None):
        return actor_of(auth, source=source, ip=ip)
    return actor_of(getattr(request, "user", None), source=source, ip=ip)


@contextmanager
def serving_request(request):
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


@contextmanager
def acting_as(principal, *, source: str, ip: str | None = None):
    """Attribute writes in this block to ``principal`` (a user or API client)."""
    request = _request.get()
    if ip is None and request is not None:
        ip = client_ip(request)
    token = _override.set(actor_of(principal, source=source, ip=ip))
    try:
        yield
    finally:
        _override.reset(token)


@contextmanager
def acting_as_system(*, source: str):
    token = _override.set(Actor("system", "", "system", "", source, None))
    try:
        yield
    finally:
        _override.reset(token)


@contextmanager
def attributed_to(principal):
    """Attribute writes to ``principal`` while keeping the door and address of the current request."""
    base = current_actor()
    source = base.source if base.source != "unknown" else "service"
    with acting_as(principal, source=source, ip=base.ip):
        yield
