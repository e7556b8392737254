"""The case workflow (业务流程引擎): one mechanism for every case that moves through states.

A domain declares its case type (``declarations``), gives its model ``CaseMixin`` (or ``CaseClockMixin``) and
its timeline ``TimelineEntry``; every move is ``services.case_transition``; overdue cases are escalated by
``escalation.escalate_overdue`` run in the worker (``manage.py worker``). docs/workflow.md.
"""
