"""A licence's stored status as a case of the workflow: valid ⇄ suspended, and revoked for good.

《食品安全法》第一百三十五条 ff.: suspending (责令停产停业) and revoking (吊销许可证) are decisions of the
regulator, with their reason on the licence's timeline. No deadline: a suspension lasts until the regulator
restores the licence. Expiry follows from the dates (``Licence.effective_status``), not from a transition.
"""

from django.utils.translation import gettext_lazy as _

from foodtrace.registry.models import Licence, LicenceStatus, LicenceStatusChange
from foodtrace.workflow.declarations import CaseType, State, Transition, register

CHANGE_STATUS = ("registry.change_licence_status",)
V, SU, RE = LicenceStatus.VALID, LicenceStatus.SUSPENDED, LicenceStatus.REVOKED
# The transition that brings a licence to each stored status (licence_change_status takes the status).
TRANSITION_TO = {SU.value: "suspend", RE.value: "revoke", V.value: "restore"}

LICENCE = register(CaseType(
    name="registry.licence",
    model=Licence,
    label=_("licence"),
    state_field="status",
    states=(State(V, V.label), State(SU, SU.label), State(RE, RE.label, final=True)),
    transitions=(
        Transition("suspend", (V,), SU, _("Suspend"), permissions=CHANGE_STATUS),
        Transition("revoke", (V, SU), RE, _("Revoke"), permissions=CHANGE_STATUS),
        Transition("restore", (SU,), V, _("Restore"), permissions=CHANGE_STATUS),
    ),
    timeline_model=LicenceStatusChange,
    timeline_row=lambda licence, step: {"licence": licence, "from_status": step.source, "to_status": step.target,
                                        "reason": step.note},
    region_of=lambda licence: licence.business.district_id,
    link=lambda licence: f"/admin/registry/licence/{licence.pk}/change/",
    responsible=lambda licence: ([licence.business_id], []),
    title_of=lambda licence: licence.number,
))
