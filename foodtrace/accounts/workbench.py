"""The security administrator's duties (安全管理员): accounts locked by failed log-ins, and accounts whose
role needs a second factor (accounts/roles.py) that have not enrolled one yet."""

from django.conf import settings
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from foodtrace import workbench
from foodtrace.accounts.models import User
from foodtrace.accounts.roles import ROLE_SPECS, Role

LINK_NAMES = 100  # a longer list of names would make a URL too long; the count still says how many


def user_list_url(usernames: list[str]) -> str:
    return f"{reverse('admin:accounts_user_changelist')}?username__in={','.join(sorted(usernames)[:LINK_NAMES])}"


@workbench.provider(roles=[Role.SECURITY_ADMIN], permission="accounts.unlock_account")
def locked_accounts(ctx):
    from axes.models import AccessAttempt

    since = ctx.now - settings.AXES_COOLOFF_TIME
    names = list(AccessAttempt.objects.filter(attempt_time__gte=since, username__isnull=False)
                 .values("username").annotate(failures=Max("failures_since_start"))
                 .filter(failures__gte=settings.AXES_FAILURE_LIMIT).values_list("username", flat=True))
    known = list(User.objects.filter(username__in=names).values_list("username", flat=True))
    if known:
        yield workbench.Item(key="accounts.locked", count=len(known), url=user_list_url(known),
                             urgency=workbench.Urgency.TO_DO,
                             title=ngettext("account is locked after failed log-ins",
                                            "accounts are locked after failed log-ins", len(known)),
                             detail=_("Unlock it from the user list once you know it was its owner."))
    else:
        yield workbench.Item(key="accounts.locked", count=None, urgency=workbench.Urgency.OK,
                             url=reverse("admin:accounts_user_changelist"),
                             title=_("No account is locked"))


@workbench.provider(roles=[Role.SECURITY_ADMIN], permission="accounts.view_user")
def second_factor_missing(ctx):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    roles = [key for key, spec in ROLE_SPECS.items() if spec.second_factor]
    enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    names = list(User.objects.filter(is_active=True, role__in=roles).exclude(Exists(enrolled))
                 .values_list("username", flat=True))
    if names:
        yield workbench.Item(key="accounts.second_factor_missing", count=len(names), url=user_list_url(names),
                             urgency=workbench.Urgency.NOTICE,
                             title=ngettext("account that needs a second factor has not enrolled one yet",
                                            "accounts that need a second factor have not enrolled one yet",
                                            len(names)),
                             detail=_("They are asked to enrol at their next log-in."))
    else:
        yield workbench.Item(key="accounts.second_factor_missing", count=None, urgency=workbench.Urgency.OK,
                             url=reverse("admin:accounts_user_changelist"),
                             title=_("Every account that needs a second factor has one"))
