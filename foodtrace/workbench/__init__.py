"""The workbench (工作台): every role's home page, what this person must do today, most urgent first.

Packages contribute items without this package listing them: an installed app's ``workbench.py`` module
(found by ``autodiscover_modules`` when the app registry is ready) registers providers::

    from foodtrace import workbench

    @workbench.provider(roles=["district_regulator"], permission="recall.view_recall")
    def overdue_parties(ctx: workbench.Context):
        yield workbench.Item(key="recall.overdue", title=..., count=..., url=...)

See docs/workbench.md.
"""

from foodtrace.workbench.registry import (
    Board,
    Context,
    DistrictCount,
    Item,
    Provider,
    Urgency,
    collect,
    provider,
    providers,
)

__all__ = ["Board", "Context", "DistrictCount", "Item", "Provider", "Urgency", "collect", "provider", "providers"]
