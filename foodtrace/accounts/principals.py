"""The acting principal of a service call: the one place that checks its permission and says who it is.

Every write service takes ``actor`` — a ``User`` (a person logged in), an ``ApiClient`` (a system calling
with a key), or ``None``/a stand-in for the platform itself and the anonymous public. Timeline rows name users
by foreign key and every actor by name; these helpers answer both questions the same way everywhere.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

# The name a timeline row shows when nobody acted (a background job, a command): the audit trail's own word.
SYSTEM_NAME = "system"
NAME_LENGTH = 150  # the ``actor_name`` columns of the timelines and the audit trail


def require(actor, perm: str, message: str | None = None) -> None:
    """PermissionDenied unless ``actor`` holds ``perm`` (a role permission, ``app.codename``).

    ``message`` replaces the generic sentence where a page has a more specific one to show."""
    if actor is None or not actor.has_perm(perm):
        raise PermissionDenied(message or _("Your role may not do this (%(perm)s).") % {"perm": perm})


def acting_user(actor):
    """The actor when it is a person (a ``User``), else ``None``: rows link users; API clients and the public
    are named only (``actor_name``)."""
    return actor if getattr(actor, "audit_actor_type", "") == "user" else None


def acting_client(actor):
    """The actor when it is an API client (``ApiClient``), else ``None``."""
    return actor if getattr(actor, "audit_actor_type", "") == "api_client" else None


def actor_name(actor) -> str:
    """The name a timeline or record shows for the actor, as the audit trail names it (``api:…`` for a key)."""
    return (getattr(actor, "audit_name", "") or SYSTEM_NAME)[:NAME_LENGTH]
