"""Recall writes: start (regulators, or a later sampling module through ``recall_start``), a business's
answers, closing. One transaction each; the audit trail records every write, attributed to the actor;
notifications (inbox and webhook outbox) are written in the same transaction.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from foodtrace.accounts.principals import acting_user, actor_name, require
from foodtrace.audit.context import attributed_to
from foodtrace.audit.recorder import record_bulk
from foodtrace.display.times import beijing
from foodtrace.notify.services import notification_send
from foodtrace.recall.affected import affected_set
from foodtrace.recall.deadlines import deadlines
from foodtrace.recall.models import Recall, RecallLot, RecallParty, RecallStep
from foodtrace.recall.selectors import party_of
from foodtrace.regions.scoping import scope_of
from foodtrace.trace.graph import TraceInputError, code_path, key_of_code
from foodtrace.trace.models import EventIdentifier
from foodtrace.trace.storage import allocate_ids
from foodtrace.workflow.services import case_open, case_transition

MAX_LOTS = 200
LEVELS = (1, 2, 3)


def recall_link(recall: Recall) -> str:
    return reverse("recall:detail", args=[recall.pk])


def _number(now) -> str:
    year = timezone.localtime(now).year
    return f"ZH-{year}-{allocate_ids(f'recall-{year}', 1):04d}"


def resolve_lots(lots: list[str]) -> list[tuple[str, str]]:
    """Codes or URIs as given → [(canonical key, scannable code)], without repeats; ValidationError names
    every code that cannot be read."""
    cleaned = [str(code).strip() for code in lots or () if str(code).strip()]
    if not cleaned:
        raise ValidationError({"lots": _("Name at least one lot (trace code, GS1 Digital Link or EPC URN).")})
    if len(cleaned) > MAX_LOTS:
        raise ValidationError({"lots": _("At most %(n)d lots per recall.") % {"n": MAX_LOTS}})
    resolved, errors = {}, []
    for code in cleaned:
        try:
            cid = key_of_code(code)
        except TraceInputError:
            errors.append(_("%(code)s is not a trace code this platform can read.") % {"code": code})
            continue
        resolved.setdefault(cid.key, code_path(cid))
    if errors:
        raise ValidationError({"lots": errors})
    return list(resolved.items())


def _check_origin(actor, resolved: list[tuple[str, str]]) -> None:
    """Every lot must be known, and a district regulator may recall only lots that started in its district
    (the business of the earliest event naming the lot). The affected set is not limited (docs/recall.md)."""
    keys, code_of = [key for key, _code in resolved], dict(resolved)
    origin: dict[str, tuple[str, str]] = {}
    for key, district, city in EventIdentifier.objects.filter(key__in=keys).order_by(
            "event_time", "event_id").values_list("key", "event__district_id", "event__district__city_id"):
        origin.setdefault(key, (district, city))
    unknown = [key for key in keys if key not in origin]
    if unknown:
        raise ValidationError({"lots": [_("No captured event names the lot %(key)s.") % {"key": code_of[key]}
                                        for key in unknown]})
    scope = scope_of(actor)
    outside = sorted(code_of[key] for key, (district, city) in origin.items()
                     if not scope.allows_district(district, city))
    if outside:
        raise PermissionDenied(_("These lots started outside your area, so their district or the city recalls "
                                 "them: %(keys)s") % {"keys": ", ".join(outside)})


def recall_start(*, actor, lots: list[str], level: int, reason: str, now=None) -> Recall:
    """Start a recall of ``lots`` (codes or URIs): compute everything downstream, record one party per
    business reached, notify each (inbox and webhook) and the regulators of every district reached.

    ``actor`` is a regulator (city administrator or district regulator) with ``recall.add_recall``; a
    later sampling module calls this with the regulator who confirms the failed result.
    """
    require(actor, "recall.add_recall")
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in LEVELS:
        raise ValidationError({"level": _("Choose level 1, 2 or 3.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the recall.")})
    region = getattr(actor, "region", None)
    if region is None:
        raise PermissionDenied(_("Only a regulator of the city or a district starts recalls."))
    resolved = resolve_lots(lots)
    keys = [key for key, _code in resolved]
    _check_origin(actor, resolved)
    # Read before the write transaction: on SQLite (BEGIN IMMEDIATE) the walk would otherwise hold the write
    # lock. (An event captured in that moment is not in this recall's set; the trace still shows it.)
    affected = affected_set(keys)
    now = now or timezone.now()
    start_by, finish_by = deadlines(level, now)

    with transaction.atomic(), attributed_to(actor):
        recall = Recall(number=_number(now), level=level, reason=reason, district=region,
                        started_by=acting_user(actor), started_by_name=actor_name(actor),
                        created_at=now, start_deadline=start_by, finish_deadline=finish_by,
                        lots_reached=len(affected["lots"]), unresolved_parties=affected["unresolved_parties"])
        case_open(recall, now=now)  # open: due by the finish deadline (recall/workflow.py)
        recall.full_clean()
        recall.save()
        RecallLot.objects.bulk_create([RecallLot(recall=recall, key=key, code=code) for key, code in resolved])
        parties = [RecallParty(recall=recall, business_id=business_id, affected_lots=entry["lots"],
                               quantity_affected=entry["quantity"], uom=entry["uom"], notified_at=now,
                               state=RecallParty.State.NOTIFIED, state_entered_at=now, state_deadline=start_by)
                   for business_id, entry in sorted(affected["businesses"].items())]
        RecallParty.objects.bulk_create(parties)
        record_bulk(action="create", model=RecallParty, count=len(parties),
                    detail={"recall": recall.number, "lots": keys, "businesses": sorted(affected["businesses"])})
        RecallStep.objects.create(recall=recall, action=RecallStep.Action.STARTED, actor_name=actor_name(actor),
                                  at=now, detail={"lots": keys, "level": level, "parties": len(parties),
                                                  "lots_reached": len(affected["lots"])})
        districts = {entry["district_id"] for entry in affected["businesses"].values()}
        _notify_started(recall, affected, districts | {region.code, region.city_id}, now)
    return recall


def _recall_payload(recall: Recall) -> dict:
    return {"recall": {"id": recall.pk, "number": recall.number, "level": recall.level, "reason": recall.reason,
                       "status": recall.status, "started_at": recall.created_at.isoformat(),
                       "start_deadline": recall.start_deadline.isoformat(),
                       "finish_deadline": recall.finish_deadline.isoformat()}}


def _notify_started(recall: Recall, affected: dict, regions: set[str], now) -> None:
    # Stored in the platform's language (the recipients' inboxes are Chinese); the webhook carries the data.
    with translation.override(settings.LANGUAGE_CODE):
        level = Recall.Level(recall.level).label
        title = _("Recall %(number)s: %(level)s") % {"number": recall.number, "level": level}
        deadline = beijing(recall.start_deadline)  # "2026-12-05 17:30 +08:00"
        finish = timezone.localtime(recall.finish_deadline - timedelta(seconds=1)).strftime("%Y-%m-%d")
        body = _("%(reason)s\nStop selling the lots listed, acknowledge and start the recall by %(start)s, "
                 "and finish it by the end of %(finish)s.") % {"reason": recall.reason, "start": deadline,
                                                               "finish": finish}
        region_body = _("%(reason)s\n%(count)d businesses are reached; follow their progress on the recall's "
                        "page.") % {"reason": recall.reason, "count": len(affected["businesses"])}
    link = recall_link(recall)
    per_business = {business_id: {"lots": entry["lots"], "quantity_affected": entry["quantity"],
                                  "uom": entry["uom"]}
                    for business_id, entry in affected["businesses"].items()}
    notification_send(list(affected["businesses"]), kind="recall.started", title=title, body=body, link=link,
                      payload=_recall_payload(recall), related=("recall.recall", recall.pk),
                      per_business=per_business, now=now)
    notification_send([], kind="recall.started", title=title, body=region_body, link=link,
                      regions=sorted(regions), related=("recall.recall", recall.pk), now=now)


# A business's answers ----------------------------------------------------------------------------------------

def _answer(actor, recall_id: int, transition: str, change, now, detail=None) -> RecallParty:
    """A business's answer: one step of its party's case (recall/workflow.py)."""
    require(actor, "recall.change_recallparty")
    party = party_of(actor, recall_id)

    def apply(party, now):
        change(party, now)
        party.full_clean()

    return case_transition(actor=actor, case=party, transition=transition, change=apply, now=now,
                           detail=detail)


def recall_party_acknowledge(*, actor, recall_id: int, now=None) -> RecallParty:
    def change(party, now):
        if party.acknowledged_at is None:
            party.acknowledged_at = now

    return _answer(actor, recall_id, "acknowledge", change, now)


def recall_party_start(*, actor, recall_id: int, now=None) -> RecallParty:
    def change(party, now):
        party.acknowledged_at = party.acknowledged_at or now
        if party.started_at is None:
            party.started_at = now

    return _answer(actor, recall_id, "begin", change, now)


def _quantity(value, field: str):
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: _("Enter a number.")}) from exc
    if number < 0 or number != number or number in (float("inf"), float("-inf")):
        raise ValidationError({field: _("Enter a quantity of zero or more.")})
    return number


def recall_party_report(*, actor, recall_id: int, recovered=None, destroyed=None, notes: str | None = None,
                        now=None) -> RecallParty:
    """Set the totals recovered and destroyed so far (not increments), and notes."""
    recovered, destroyed = _quantity(recovered, "quantity_recovered"), _quantity(destroyed, "quantity_destroyed")

    def change(party, now):
        if party.started_at is None:
            party.acknowledged_at = party.acknowledged_at or now
            party.started_at = now
        if recovered is not None:
            party.quantity_recovered = recovered
        if destroyed is not None:
            party.quantity_destroyed = destroyed
        if notes is not None:
            party.notes = notes.strip()

    return _answer(actor, recall_id, "report", change, now,
                   {"quantity_recovered": recovered, "quantity_destroyed": destroyed})


def recall_party_complete(*, actor, recall_id: int, notes: str | None = None, now=None) -> RecallParty:
    def change(party, now):
        if party.started_at is None:
            raise ValidationError({"started_at": _("Report that the recall has started before completing it.")})
        if party.quantity_recovered is None and party.quantity_destroyed is None:
            raise ValidationError({"quantity_recovered": _("Report the quantities recovered and destroyed "
                                                           "before completing.")})
        if notes is not None and notes.strip():
            party.notes = notes.strip()
        party.completed_at = party.completed_at or now

    # The regulators of the recall's region are told (recall/workflow.py, the "complete" notices).
    return _answer(actor, recall_id, "complete", change, now)


# Closing ---------------------------------------------------------------------------------------------------

def recall_close(*, actor, recall_id: int, note: str = "", now=None) -> Recall:
    require(actor, "recall.change_recall")
    note = (note or "").strip()
    detail = {"note": note}

    def change(recall, now):
        open_parties = recall.parties.filter(completed_at__isnull=True).count()
        if open_parties and not note:
            raise ValidationError({"note": _("%(n)d businesses have not completed; say why the recall is closed "
                                             "anyway.") % {"n": open_parties}})
        recall.closed_at, recall.closed_by, recall.close_note = now, acting_user(actor), note
        detail["parties_not_completed"] = open_parties  # the timeline row is written after this change

    # Out of scope: Recall.DoesNotExist (the page answers 404); not steering it: PermissionDenied.
    return case_transition(actor=actor, case=Recall(pk=recall_id), transition="close", note=note,
                           detail=detail, change=change, now=now)
