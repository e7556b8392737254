"""The recall and each business's part in it, as cases of the workflow.

A recall: open → closed, due by its finish deadline (《食品召回管理办法》: 10/20/30 working days by level,
recall/deadlines.py); closed by the regulators of the region that started it, or the city.

A party (one business reached): notified → acknowledged → begun → completed. It must acknowledge and begin by
the recall's start deadline (24/48/72 hours by level) and complete by its finish deadline; only the business
itself answers (``recall.change_recallparty``, its own part). Answers repeat harmlessly: acknowledging again,
or reporting quantities after completing, keeps the state and writes the step. A party of a closed recall is
no longer running (not overdue, takes no answers).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from foodtrace.recall.models import Recall, RecallParty, RecallStep
from foodtrace.workflow.declarations import CaseType, FromCase, Notice, State, Transition, register

P = RecallParty.State
PARTY_STATES = tuple(P.values)


def _link(recall: Recall) -> str:
    return reverse("recall:detail", args=[recall.pk])


def _recall_open(actor, party: RecallParty) -> None:
    if not party.recall.is_open:
        raise ValidationError({"recall": _("This recall is closed.")})


def _begun_unless_past(party: RecallParty) -> str:
    return P.BEGUN if party.state in (P.NOTIFIED, P.ACKNOWLEDGED) else party.state


def _completed_notice(party: RecallParty, step):
    recall = party.recall
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Recall %(number)s: %(business)s completed its part") % {"number": recall.number,
                                                                          "business": party.business.name}
    return [Notice(kind="recall.party_completed", title=title, link=_link(recall), regions=(recall.district_id,),
                   related=("recall.recall", recall.pk))]


PARTY_ANSWER = ("recall.change_recallparty",)

RECALL_PARTY = register(CaseType(
    name="recall.recallparty",
    model=RecallParty,
    label=gettext_lazy("recall notice"),
    states=(
        State(P.NOTIFIED, P.NOTIFIED.label, FromCase(lambda party: party.recall.start_deadline)),
        State(P.ACKNOWLEDGED, P.ACKNOWLEDGED.label, FromCase(lambda party: party.recall.start_deadline)),
        State(P.BEGUN, P.BEGUN.label, FromCase(lambda party: party.recall.finish_deadline)),
        State(P.COMPLETED, P.COMPLETED.label, final=True),
    ),
    transitions=(
        Transition("acknowledge", PARTY_STATES, lambda p: P.ACKNOWLEDGED if p.state == P.NOTIFIED else p.state,
                   gettext_lazy("Acknowledge"), permissions=PARTY_ANSWER, guard=_recall_open,
                   timeline_kind=RecallStep.Action.ACKNOWLEDGED),
        Transition("begin", PARTY_STATES, _begun_unless_past, gettext_lazy("Begin the recall"),
                   permissions=PARTY_ANSWER, guard=_recall_open, timeline_kind=RecallStep.Action.BEGUN),
        Transition("report", PARTY_STATES, _begun_unless_past, gettext_lazy("Report quantities"),
                   permissions=PARTY_ANSWER, guard=_recall_open, timeline_kind=RecallStep.Action.REPORTED),
        Transition("complete", PARTY_STATES, P.COMPLETED, gettext_lazy("Complete"), permissions=PARTY_ANSWER,
                   guard=_recall_open, notices=_completed_notice, timeline_kind=RecallStep.Action.COMPLETED),
    ),
    timeline_model=RecallStep,
    timeline_row=lambda party, step: {"recall": party.recall, "party": party},
    region_of=lambda party: party.business.district_id,
    link=lambda party: _link(party.recall),
    responsible=lambda party: ([party.business_id], []),
    active=Q(recall__status=Recall.Status.OPEN),
    title_of=lambda party: f"{party.recall.number} · {party.business.name}",
))


def _steers(actor, recall: Recall) -> None:
    from foodtrace.recall.selectors import sees_all_parties

    if not sees_all_parties(actor, recall):
        raise PermissionDenied(_("Only the regulators of the region that started this recall, or the city, "
                                 "close it."))


def _closed_notice(recall: Recall, step):
    from foodtrace.recall.services import _recall_payload

    with translation.override(settings.LANGUAGE_CODE):
        title = _("Recall %(number)s closed") % {"number": recall.number}
    businesses = tuple(recall.parties.values_list("business_id", flat=True))
    return [Notice(kind="recall.closed", title=title, body=step.note, link=_link(recall), businesses=businesses,
                   payload=_recall_payload(recall), related=("recall.recall", recall.pk))]


RECALL = register(CaseType(
    name="recall.recall",
    model=Recall,
    label=gettext_lazy("recall"),
    state_field="status",
    states=(
        State(Recall.Status.OPEN, pgettext_lazy("recall status", "Open"),
              FromCase(lambda recall: recall.finish_deadline)),
        State(Recall.Status.CLOSED, pgettext_lazy("recall status", "Closed"), final=True),
    ),
    transitions=(
        Transition("close", (Recall.Status.OPEN,), Recall.Status.CLOSED, gettext_lazy("Close the recall"),
                   permissions=("recall.change_recall",), guard=_steers, notices=_closed_notice,
                   timeline_kind=RecallStep.Action.CLOSED),
    ),
    timeline_model=RecallStep,
    timeline_row=lambda recall, step: {"recall": recall},
    region_of=lambda recall: recall.district_id,
    link=_link,
    title_of=lambda recall: recall.number,
))
