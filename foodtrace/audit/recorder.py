"""Appending to the audit chain. Call inside the transaction of the write it records."""

import json
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from foodtrace.audit.context import Actor, current_actor
from foodtrace.audit.models import AuditChainHead, AuditEntry
from foodtrace.crypto import sm3_hex

GENESIS_HASH = "0" * 64


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, FieldFile):  # a file field (ledgers' certificate files) is recorded by its stored name
            return o.name
        return super().default(o)


def jsonable(value):
    """Plain JSON (str/int/bool/None/list/dict) so the stored value hashes the same after a round trip."""
    return json.loads(json.dumps(value, cls=_Encoder, ensure_ascii=False))


def hashed_content(entry_fields: dict) -> bytes:
    content = dict(entry_fields)
    content["at"] = content["at"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(prev_hash: str, entry_fields: dict) -> str:
    return sm3_hex(prev_hash.encode("ascii") + b"\n" + hashed_content(entry_fields))


def record(
    *,
    action: str,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict | None = None,
    actor: Actor | None = None,
) -> AuditEntry:
    actor = actor or current_actor()
    with transaction.atomic():
        # The row lock serialises appends (PostgreSQL); SQLite's IMMEDIATE
        # transactions already allow one writer at a time.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        fields = {
            "chain_index": head.last_index + 1,
            "at": timezone.now(),
            "actor_type": actor.type,
            "actor_id": actor.id,
            "actor_name": actor.name[:150],
            "actor_role": actor.role,
            "source": actor.source[:32],
            "ip": actor.ip,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id)[:64],
            "object_repr": str(object_repr)[:200],
            "changes": jsonable(changes or {}),
        }
        digest = entry_hash(head.last_hash, fields)
        entry = AuditEntry.objects.create(prev_hash=head.last_hash, entry_hash=digest, **fields)
        head.last_index, head.last_hash = fields["chain_index"], digest
        head.save(update_fields=["last_index", "last_hash"])
    return entry


def object_type_of(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def record_bulk(*, action: str, model, count: int, detail: dict | None = None, actor: Actor | None = None):
    """One entry for a set-based write (bulk import, capture): what, how many, and the keys."""
    return record(
        action=action,
        object_type=object_type_of(model),
        object_repr=f"{count} × {model._meta.verbose_name}",
        changes={"count": count, **(detail or {})},
        actor=actor,
    )
