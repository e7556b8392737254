"""Re-deriving the audit chain to find entries changed or removed after they were written."""

from dataclasses import dataclass, field

from foodtrace.audit.models import AuditChainHead, AuditEntry
from foodtrace.audit.recorder import GENESIS_HASH, entry_hash

HASHED = ("chain_index", "at", "actor_type", "actor_id", "actor_name", "actor_role", "source", "ip",
          "action", "object_type", "object_id", "object_repr", "changes")


@dataclass
class ChainReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    head_index: int = 0
    head_hash: str = GENESIS_HASH
    first_bad: int | None = None  # the lowest chain index a problem names (where to start looking)

    @property
    def ok(self) -> bool:
        return not self.problems

    def flag(self, index: int, problem: str) -> None:
        self.problems.append(problem)
        self.first_bad = index if self.first_bad is None else min(self.first_bad, index)


def _anchor(first_index: int) -> str | None:
    """The hash the first remaining entry must follow: genesis, or what a purge entry vouched for."""
    if first_index == 1:
        return GENESIS_HASH
    purge = (AuditEntry.objects.filter(action="purge", changes__up_to_index=first_index - 1)
             .values_list("changes", flat=True).first())
    return purge["up_to_hash"] if purge else None


def verify_chain(batch_size: int = 5000) -> ChainReport:
    report = ChainReport()
    head = AuditChainHead.objects.filter(pk=1).first()
    expected_index, expected_prev, after = None, None, 0
    while True:
        rows = list(AuditEntry.objects.filter(chain_index__gt=after).order_by("chain_index")
                    .values(*HASHED, "prev_hash", "entry_hash")[:batch_size])
        if not rows:
            break
        for row in rows:
            index = row["chain_index"]
            if expected_index is None:
                expected_index, expected_prev = index, _anchor(index)
                if expected_prev is None:
                    report.flag(index, f"entries before #{index} are missing and no purge record covers them")
                    expected_prev = row["prev_hash"]
            if index != expected_index:
                report.flag(expected_index, f"entries #{expected_index}–#{index - 1} are missing (removed)")
            elif row["prev_hash"] != expected_prev:
                report.flag(index, f"entry #{index}: link to the previous entry is broken "
                                       "(the entry before it was changed or removed)")
            if entry_hash(row["prev_hash"], {k: row[k] for k in HASHED}) != row["entry_hash"]:
                report.flag(index, f"entry #{index}: content was changed after it was written")
            expected_index, expected_prev = index + 1, row["entry_hash"]
            report.checked += 1
        after = rows[-1]["chain_index"]
    if head is not None:
        report.head_index, report.head_hash = head.last_index, head.last_hash
        last = (expected_index or 1) - 1
        if head.last_index != last:
            report.flag(last + 1, f"the chain head records #{head.last_index} but the last entry is #{last} "
                                   "(entries at the end were removed)")
        elif expected_prev is not None and head.last_hash != expected_prev:
            report.flag(last, f"the chain head hash does not match entry #{last}")
    elif report.checked:
        report.flag(1, "the chain head row is missing")
    return report
