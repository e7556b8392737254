"""How a package declares which of its changes make cached pages stale, in its own ``page_stamps`` module
(autodiscovered by this app), instead of a central list of every model the public pages depend on:

    from foodtrace.stamps.declare import on_bulk_import, on_change
    from foodtrace.stamps import store as stamps

    @on_change(Recall, RecallLot)
    def recall_changed(recall):
        return [stamps.RECALLS]

A declared function takes the saved or deleted row and returns the stamp names it makes stale; they are stamped
after the transaction commits. Rows loaded from fixtures (``raw``) stamp nothing. ``on_bulk_import`` covers
set-based imports, which send no model signals: their one audit entry (``record_bulk(action="import")``) stamps
``registry``, on which every page depends.
"""

from collections.abc import Callable, Iterable

from django.db.models.signals import post_delete, post_save

from foodtrace.audit.models import AuditEntry
from foodtrace.audit.recorder import object_type_of
from foodtrace.stamps import store

Names = Callable[[object], Iterable[str]]
_bulk_imported: set[str] = set()


def on_change(*models, delete: bool = True) -> Callable[[Names], Names]:
    """Stamp what ``names(row)`` returns after each save (and delete, unless ``delete=False``) of these models."""

    def register(names: Names) -> Names:
        def stamp(sender, instance, raw=False, **kwargs):
            if not raw:
                store.bump_after_commit(name for name in names(instance) if name)

        for model in models:
            uid = f"stamps:{names.__module__}.{names.__qualname__}:{model._meta.label_lower}"
            post_save.connect(stamp, sender=model, weak=False, dispatch_uid=uid)
            if delete:
                post_delete.connect(stamp, sender=model, weak=False, dispatch_uid=uid + ":delete")
        return names

    return register


def on_bulk_import(*models) -> None:
    """A bulk import of these models (recorded as one audit entry) stamps ``registry``."""
    _bulk_imported.update(object_type_of(model) for model in models)


def _import_recorded(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and instance.action == "import" and instance.object_type in _bulk_imported:
        store.bump_after_commit([store.REGISTRY])


def connect_bulk_imports() -> None:
    post_save.connect(_import_recorded, sender=AuditEntry, dispatch_uid="stamps:bulk-import")
