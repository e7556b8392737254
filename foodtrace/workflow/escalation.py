"""Escalation (督办): cases past their state's deadline are escalated once per state.

The rule (docs/workflow.md): the responsible party is told — the business that must act (its inbox and
webhooks); a user the case is assigned to is named in the notice and finds it on the workbench (there are no
personal inboxes) — and so are the supervisors: the regulators of the case's region (its district inbox), and,
when that region is a district, the city's administrators too (the city inbox). A case the city itself steers
goes to the city inbox. The case's timeline says so (a row by "system"), and ``state_escalated_at`` marks it
so it is escalated once in this state; a new state clears the mark and starts a new deadline.

Set-based: one claiming UPDATE and one bulk insert of timeline rows per case type, one audit entry for each;
the notices are one per case (each names its own case and link).
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from foodtrace.audit.context import acting_as_system
from foodtrace.audit.recorder import record_bulk
from foodtrace.regions.models import Region
from foodtrace.workflow import notices as notice_senders
from foodtrace.workflow.declarations import CaseType, Notice, case_types
from foodtrace.workflow.services import Step

SYSTEM_NAME = "system"


def overdue_rows(case_type: CaseType, now):
    """The cases of ``case_type`` past their state's deadline and not yet escalated in that state."""
    final = [state.value for state in case_type.states if state.final]
    return (case_type.model.objects.filter(state_deadline__lt=now, state_escalated_at__isnull=True)
            .filter(case_type.active).exclude(**{f"{case_type.state_field}__in": final}))


def supervisors_of(region_codes: set[str]) -> dict[str, list[str]]:
    """Region code → the inboxes to tell: the region itself, plus its city when it is a district."""
    out = {}
    for code, level, city in Region.objects.filter(code__in=region_codes).values_list("code", "level", "city_id"):
        out[code] = [code] if level == Region.Level.CITY or not city or city == code else [code, city]
    return out


def _notice(case_type: CaseType, case, regions: list[str], now) -> Notice:
    businesses, users = case_type.responsible(case)
    state = case_type.state(getattr(case, case_type.state_field))
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Overdue: %(case)s %(title)s (%(state)s)") % {
            "case": case_type.label, "title": case_type.title_of(case), "state": state.label}
        body = _("“%(state)s” was due by %(deadline)s and the case has not moved on. It is escalated to the "
                 "regulators of its district and the city.") % {
            "state": state.label, "deadline": timezone.localtime(case.state_deadline).strftime("%Y-%m-%d %H:%M %z")}
        if users:
            body += "\n" + _("Responsible: %(names)s") % {"names": ", ".join(users)}
    return Notice(kind="workflow.escalated", title=title, body=body, link=case_type.link(case),
                  businesses=tuple(businesses), regions=tuple(regions),
                  payload={"case_type": case_type.name, "case_id": case.pk, "state": state.value,
                           "deadline": case.state_deadline.isoformat()},
                  related=(case_type.name, case.pk))


def escalate_case_type(case_type: CaseType, now) -> int:
    model = case_type.model
    with transaction.atomic():
        candidates = overdue_rows(case_type, now).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            # Two workers escalating at once take disjoint rows; the UPDATE below re-checks the mark anyway.
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        ids = list(candidates.values_list("pk", flat=True))
        if not ids:
            return 0
        model.objects.filter(pk__in=ids, state_escalated_at__isnull=True).update(state_escalated_at=now)
        cases = list(model.objects.filter(pk__in=ids))
        regions = supervisors_of({case_type.region_of(case) for case in cases})
        timeline = case_type.timeline_model
        rows = []
        for case in cases:
            state = getattr(case, case_type.state_field)
            with translation.override(settings.LANGUAGE_CODE):
                note = _("Overdue since %(deadline)s: escalated.") % {
                    "deadline": timezone.localtime(case.state_deadline).strftime("%Y-%m-%d %H:%M %z")}
            step = Step(case=case, transition=None, source=state, target=state, actor=None, actor_name=SYSTEM_NAME,
                        at=now, note=note, detail={"state": state, "deadline": case.state_deadline.isoformat(),
                                                   "note": note})
            fields = {timeline.timeline_kind_field: timeline.escalated_kind, "at": now, "actor_name": SYSTEM_NAME,
                      "detail": step.detail}
            fields.update(case_type.timeline_row(case, step))
            rows.append(timeline(**fields))
        with acting_as_system(source="worker"):
            timeline.objects.bulk_create(rows)
            record_bulk(action="update", model=model, count=len(ids),
                        detail={"state_escalated_at": now.isoformat(), "ids": ids[:1000]})
            record_bulk(action="create", model=timeline, count=len(rows),
                        detail={"kind": timeline.escalated_kind, "case_ids": ids[:1000]})
            notice_senders.send([_notice(case_type, case, regions.get(case_type.region_of(case), []), now)
                                 for case in cases], now)
    return len(ids)


def escalate_overdue(now=None) -> dict[str, int]:
    """Escalate every overdue case of every declared case type; returns how many per case type."""
    now = now or timezone.now()
    return {case_type.name: escalate_case_type(case_type, now)
            for case_type in case_types() if case_type.with_deadlines()}
