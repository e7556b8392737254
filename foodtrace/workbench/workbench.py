"""The system administrator's duties that belong to the platform itself: backups and the background queue.

Found like every other package's ``workbench.py`` (the workbench app is one of the installed apps).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from foodtrace import workbench
from foodtrace.accounts.roles import Role

FAILED_JOBS_WINDOW = timedelta(days=7)
# A job ready this long and not taken means no worker is running (the worker polls every few seconds).
STUCK_AFTER = timedelta(minutes=15)


@workbench.provider(roles=[Role.SYSTEM_ADMIN])
def backup_age(ctx):
    # There is no backup job yet (docs/deploy.md tells operators to back up the database themselves), so the
    # platform cannot know a backup's age: it says so rather than showing nothing.
    yield workbench.Item(
        key="system.backup", urgency=workbench.Urgency.DUE, count=None,
        title=_("No backup is recorded: the platform does not make backups yet"),
        detail=_("Back up the database (and the uploaded files) with your own tools every day and keep a copy "
                 "off this machine; see docs/deploy.md."))


@workbench.provider(roles=[Role.SYSTEM_ADMIN])
def background_jobs(ctx):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    since, stuck_before = ctx.now - FAILED_JOBS_WINDOW, ctx.now - STUCK_AFTER
    counts = DBTaskResult.objects.aggregate(
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=since)),
        stuck=Count("pk", filter=Q(status=TaskResultStatus.READY, enqueued_at__lt=stuck_before)
                    & (Q(run_after=get_date_max()) | Q(run_after__lt=stuck_before))),
        oldest=Min("enqueued_at", filter=Q(status=TaskResultStatus.READY)),
    )
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    viewable = ctx.user.has_perm("django_tasks_database.view_dbtaskresult")
    if counts["failed"]:
        yield workbench.Item(
            key="system.jobs_failed", urgency=workbench.Urgency.OVERDUE, count=counts["failed"],
            url=f"{changelist}?status__exact={TaskResultStatus.FAILED}" if viewable else "",
            title=ngettext("background job failed in the last 7 days", "background jobs failed in the last 7 days",
                           counts["failed"]))
    if counts["stuck"]:
        yield workbench.Item(
            key="system.jobs_stuck", urgency=workbench.Urgency.OVERDUE, count=counts["stuck"],
            url=f"{changelist}?status__exact={TaskResultStatus.READY}" if viewable else "", due=counts["oldest"],
            title=ngettext("background job waiting for more than 15 minutes: is the worker running?",
                           "background jobs waiting for more than 15 minutes: is the worker running?",
                           counts["stuck"]))
    if not counts["failed"] and not counts["stuck"]:
        yield workbench.Item(key="system.jobs", urgency=workbench.Urgency.OK, count=None,
                             url=changelist if viewable else "",
                             title=_("Background jobs: none failed in the last 7 days, none waiting"))
    if getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "").endswith("ImmediateBackend"):
        yield workbench.Item(key="system.jobs_inline", urgency=workbench.Urgency.NOTICE, count=None,
                             title=_("Background jobs run inside web requests (no worker configured)"))
