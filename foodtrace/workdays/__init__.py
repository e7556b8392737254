"""The working-day clock (工作日): one place that says when "n working days after this moment" ends.

Every deadline counted in working days (recalls, sampling, rectification, publication, appeals) is computed
by ``working_deadline`` / ``count_working_days``; nothing else counts weekdays. The kernel imports no domain.
"""

from foodtrace.workdays.clock import (
    WorkingDeadline,
    add_working_days,
    count_working_days,
    deadline_basis,
    is_working_day,
    working_deadline,
)

__all__ = ["WorkingDeadline", "add_working_days", "count_working_days", "deadline_basis", "is_working_day",
           "working_deadline"]
