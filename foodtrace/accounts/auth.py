"""API authentication: client keys for systems, the login session for people (after login policy)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.security import APIKeyHeader, SessionAuth
from ninja.throttling import BaseThrottle

from foodtrace.accounts.models import ApiClient


def client_for_key(key: str | None) -> ApiClient | None:
    if not key or not key.startswith("ft_") or key.count("_") < 2:
        return None
    prefix = key.split("_", 2)[1]
    client = ApiClient.objects.select_related("region", "business__district").filter(key_prefix=prefix).first()
    if client is None or not client.is_active or not client.key_matches(key):
        return None
    # At most one write a minute per client: last_used_at is a hint, not a hot-path update.
    now = timezone.now()
    if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    return client


class ApiKeyAuth(APIKeyHeader):
    """``X-API-Key: ft_…`` or ``Authorization: Bearer ft_…``."""

    param_name = "X-API-Key"

    def _get_key(self, request):
        key = request.headers.get("X-API-Key")
        if not key:
            header = request.headers.get("Authorization", "")
            if header.lower().startswith("bearer "):
                key = header[7:].strip()
        return key

    def authenticate(self, request, key):
        return client_for_key(key)


class PolicySessionAuth(SessionAuth):
    """A logged-in person, but only once the second factor and password policy are satisfied."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None:
            return None
        from foodtrace.accounts.middleware import LoginPolicyMiddleware

        if LoginPolicyMiddleware.pending_step(request, user):
            return None
        return user


class ClientRateThrottle(BaseThrottle):
    """Per API client requests-per-minute limit from the client's own row (fixed one-minute window)."""

    def allow_request(self, request) -> bool:
        client = getattr(request, "auth", None)
        if not isinstance(client, ApiClient):
            return True
        window = int(time.time() // 60)
        key = f"api-rate:{client.pk}:{window}"
        cache.add(key, 0, timeout=120)
        count = cache.incr(key)
        self._wait = 60 - time.time() % 60
        return count <= (client.rate_per_minute or settings.API_DEFAULT_RATE_PER_MINUTE)

    def wait(self):
        return getattr(self, "_wait", 60)
