"""The JSON API root (/api/v1/, OpenAPI at /api/v1/docs)."""

from ninja.renderers import JSONRenderer

from foodtrace.accounts.auth import ApiKeyAuth, ClientRateThrottle, PolicySessionAuth
from foodtrace.apikit.errors import DeclaredErrorsAPI, install_error_handlers
from foodtrace.apikit.inputs import NulFreeParser


class Utf8JSONRenderer(JSONRenderer):
    # Chinese names as characters, not \uXXXX escapes: half the size and readable in logs.
    json_dumps_params = {"ensure_ascii": False}


api = DeclaredErrorsAPI(
    renderer=Utf8JSONRenderer(),
    parser=NulFreeParser(),
    title="FoodTrace API",
    version="1.0.0",
    description="食品安全追溯平台 — registry, traceability and regulatory data. "
    "Authenticate with an API client key (`X-API-Key` or `Authorization: Bearer`) or a logged-in session.",
    auth=[ApiKeyAuth(), PolicySessionAuth()],
    throttle=[ClientRateThrottle()],
    docs_url="/docs",
)


install_error_handlers(api, root="/api/v1/")


def _mount_routers():
    from foodtrace.accounts.api import router as accounts_router
    from foodtrace.codes.api import router as codes_router
    from foodtrace.exports.api import router as exports_router
    from foodtrace.ledgers.api import router as ledgers_router
    from foodtrace.notify.api import router as notify_router
    from foodtrace.participation.api import router as participation_router
    from foodtrace.recall.api import router as recall_router
    from foodtrace.regions.api import router as regions_router
    from foodtrace.registry.api import router as registry_router
    from foodtrace.trace.api import router as trace_router

    api.add_router("/accounts", accounts_router)
    api.add_router("/regions", regions_router)
    api.add_router("/registry", registry_router)
    api.add_router("/trace", trace_router)
    api.add_router("/codes", codes_router)
    api.add_router("/recalls", recall_router)
    api.add_router("/inbox", notify_router)
    api.add_router("/ledgers", ledgers_router)
    api.add_router("/exports", exports_router)
    api.add_router("/participation", participation_router)


_mount_routers()
