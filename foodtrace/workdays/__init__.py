"""The working-day clock (工作日): one place that says when "n working days after this moment" ends.

Every deadline counted in working days (recalls, sampling, rectification, publication, appeals) is computed
by ``working_deadline``; nothing else counts weekdays.
"""

from foodtrace.workdays.clock import add_working_days, is_working_day, working_deadline

__all__ = ["add_working_days", "is_working_day", "working_deadline"]
