from foodtrace.audit.context import serving_request


class AuditContextMiddleware:
    """Makes the current request (user, API client, address) visible to the audit recorder."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with serving_request(request):
            return self.get_response(request)
