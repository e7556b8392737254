"""Writes of the audit package itself: a verification run is stored and recorded in the chain it checked."""

import time

from django.db import transaction
from django.utils import timezone

from foodtrace.audit.context import current_actor
from foodtrace.audit.models import AuditVerification
from foodtrace.audit.recorder import record
from foodtrace.audit.verify import ChainReport, verify_chain

PROBLEMS_KEPT = 100  # a wholly rewritten chain would otherwise store one line per entry


def chain_verify(*, actor=None) -> tuple[AuditVerification, ChainReport]:
    """Verify the whole chain, then store the run and its audit entry in one transaction.

    ``actor`` is who pressed the button (a user); without one, the current actor (a command's
    ``acting_as_system``) is named. The read runs outside the transaction: it may take a while on a long
    chain and must not hold the chain head's lock meanwhile.
    """
    started = time.monotonic()
    report = verify_chain()
    who = current_actor()
    name = getattr(actor, "audit_name", "") or who.name
    with transaction.atomic():
        run = AuditVerification.objects.create(
            at=timezone.now(), by_name=name[:150], source=who.source[:32], ok=report.ok, checked=report.checked,
            head_index=report.head_index, first_bad_index=report.first_bad, problems=report.problems[:PROBLEMS_KEPT])
        record(action="verify", object_type="audit.auditverification", object_id=str(run.pk),
               object_repr=str(run), changes={"ok": report.ok, "checked": report.checked,
                                              "first_bad_index": report.first_bad,
                                              "seconds": round(time.monotonic() - started, 3)})
    return run, report
