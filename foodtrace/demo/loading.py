"""Writing planned rows: ``bulk_create`` in batches, and one ``demo_load`` audit entry per model."""

from foodtrace.audit.recorder import record_bulk

BATCH_SIZE = 1000


def record_load(seed: int, model, rows: list, **detail) -> None:
    """The audit entry for rows written with ``bulk_create``, which sends no signals."""
    ids = [row.pk for row in rows if row.pk is not None]
    if ids:
        detail.update(first_id=min(ids), last_id=max(ids))
    record_bulk(action="demo_load", model=model, count=len(rows), detail={"seed": seed, **detail})
