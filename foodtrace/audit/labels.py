"""What the audit list shows people: roles and actions in Chinese (English with the switch), not the keys
stored in the chain. The keys stay as they are (they are hashed); only their display is translated."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from foodtrace.accounts.roles import Role

ACTION_LABELS = {
    "create": pgettext_lazy("audit action", "Created"),
    "update": pgettext_lazy("audit action", "Changed"),
    "delete": pgettext_lazy("audit action", "Deleted"),
    "login": pgettext_lazy("audit action", "Logged in"),
    "logout": pgettext_lazy("audit action", "Logged out"),
    "login_failed": pgettext_lazy("audit action", "Log-in failed"),
    "otp_enrolled": pgettext_lazy("audit action", "Second factor enrolled"),
    "otp_failed": pgettext_lazy("audit action", "Second factor code refused"),
    "capture": pgettext_lazy("audit action", "Events captured"),
    "import": pgettext_lazy("audit action", "Imported from a file"),
    "export": pgettext_lazy("audit action", "Exported"),
    "load": pgettext_lazy("audit action", "Loaded"),
    "demo_load": pgettext_lazy("audit action", "Demo data loaded"),
    "purge": pgettext_lazy("audit action", "Old entries purged"),
    "verify": pgettext_lazy("audit action", "Chain verified"),
}
SYSTEM_ROLE = _("System")


def action_label(action: str) -> str:
    """The action in the reader's language; an action another package adds later shows as its key."""
    return str(ACTION_LABELS.get(action, action))


def role_label(role: str) -> str:
    if not role:
        return "—"
    return str(Role(role).label) if role in Role.values else role
