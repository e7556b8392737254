"""Where the engine's notices go: a sender the notification package registers at start-up.

The kernel does not import the notification package (it is a domain above it); ``foodtrace.notify`` registers
its ``notify`` here in its AppConfig.ready, so a transition's notices land in the inbox and the webhook outbox
inside the transition's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured

_SENDERS: list[Callable] = []


def register_sender(sender: Callable) -> None:
    """``sender(notice, now)`` writes one ``Notice`` (inbox rows and webhook deliveries)."""
    if sender not in _SENDERS:
        _SENDERS.append(sender)


def send(notices: Iterable, now) -> int:
    notices = [notice for notice in notices if notice is not None]
    if notices and not _SENDERS:
        raise ImproperlyConfigured("No notice sender is registered (is foodtrace.notify installed?)")
    for notice in notices:
        for sender in _SENDERS:
            sender(notice, now)
    return len(notices)
