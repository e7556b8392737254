"""Checks that need the database and so cannot live in settings.py."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_unsafe_production_start() -> None:
    """In production, refuse to serve while any demo account can still log in."""
    if not settings.PRODUCTION:
        return
    from foodtrace.accounts.models import User

    demo_users = list(User.objects.filter(is_demo=True, is_active=True).values_list("username", flat=True)[:5])
    if demo_users:
        raise ImproperlyConfigured(
            "Refusing to start in production: demo accounts are active (" + ", ".join(demo_users) + "). "
            "Deactivate them with `manage.py deactivate_demo_accounts`."
        )
