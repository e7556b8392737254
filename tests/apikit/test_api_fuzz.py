"""A property-based fuzz of the whole /api/v1 and /epcis OpenAPI documents (schemathesis).

Every operation is called with generated requests — valid ones and ones that break the schema —
as a business's API client (key) and as a logged-in city administrator (session, second factor
verified). A run fails on any 5xx and on any answer the document does not declare: its status,
its content type or its body.

Bounded to stay within a few minutes on a 2-core machine: ``FOODTRACE_FUZZ_EXAMPLES`` examples per
operation, mode and principal (default 6), no shrinking. Derandomized (the examples follow from the
schema alone), so a failure happens again on the next run; it prints the request as a curl command.
"""

import os
import time
from collections import Counter

import hypothesis
import hypothesis.errors
import pytest
import schemathesis
from django.conf import settings
from django.db import transaction
from django.test.client import ClientHandler
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from foodtrace.api import api
from foodtrace.trace.epcis_api import epcis
from tests.conftest import make_api_client, make_user

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("FOODTRACE_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class InProcessApp:
    """The Django test client's handler as a WSGI app: the fuzz's requests run in the test's transaction
    (no connection closed between requests) and without CSRF tokens, like the test client's own."""

    def __init__(self):
        self.handler = ClientHandler(enforce_csrf_checks=False)

    def __call__(self, environ, start_response):
        # Each request in a savepoint, rolled back after a 5xx: on PostgreSQL one failed statement would
        # otherwise fail every later request of the run, hiding the other failures behind the first.
        with transaction.atomic():
            response = self.handler(environ)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        headers = [*response.items(), *(("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return response.streaming_content if response.streaming else [response.content]


def _schema(ninja_api, prefix: str):
    schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema(path_prefix=prefix))
    schema.app = InProcessApp()
    return schema


def _fuzz(operation, mode: GenerationMode, credentials: dict, failures: list, answered: Counter) -> None:
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                         report_multiple_bugs=False)
    def run(case):
        response = case.call(**credentials)
        answered[response.status_code // 100] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=credentials.get("headers"))
        except (Exception, BaseExceptionGroup) as exc:  # schemathesis's FailureGroup is a BaseExceptionGroup
            failures.append(f"{operation.label} [{mode.value}] → {response.status_code}\n"
                            f"  {case.as_curl_command(headers=credentials.get('headers'))}\n  {str(exc)[:1500]}")
            raise

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE  # an operation without input has no invalid request to make
    except (Exception, BaseExceptionGroup):  # recorded above: go on, so that one run lists every failure
        if not failures or operation.label not in failures[-1]:
            raise


@pytest.fixture
def principals(two_districts, otp_verified):
    """A business's API client (its own systems) and a city administrator's session."""
    shop = two_districts["430102"]["businesses"][1]
    # A rate no fuzz run reaches: 429s would make the run depend on the clock.
    _, key = make_api_client(business=shop, rate=10**6)
    client = otp_verified(make_user("city_admin", region="430100"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"api key": {"headers": {"X-API-Key": key}},
            "city administrator session": {"cookies": {settings.SESSION_COOKIE_NAME: session}}}


def test_every_operation_answers_as_declared(principals, capsys):
    failures: list[str] = []
    started = time.monotonic()
    calls = 0
    timings = []
    answered = {who: Counter() for who in principals}  # answers by class (2 = 2xx …) for each principal
    for schema in (_schema(api, "/api/v1/"), _schema(epcis, "/epcis/")):
        for result in schema.get_all_operations():
            operation = result.ok()
            has_input = bool(operation.body) or any(p.location in ("path", "query")
                                                    for p in operation.iter_parameters())
            for who, credentials in principals.items():
                # Invalid requests test the parsing, which is the same whoever asks: once, with the key.
                modes = [GenerationMode.POSITIVE]
                if has_input and who == "api key":
                    modes.append(GenerationMode.NEGATIVE)
                for mode in modes:
                    began = time.monotonic()
                    _fuzz(operation, mode, credentials, failures, answered[who])
                    timings.append((time.monotonic() - began, f"{operation.label} [{mode.value}]"))
                    calls += 1
    with capsys.disabled():
        print(f"\nAPI fuzz: {calls} runs of ≤{EXAMPLES} examples in {time.monotonic() - started:.0f} s; "
              f"answers by class: {answered}; slowest:")
        for seconds, label in sorted(timings, reverse=True)[:8]:
            print(f"  {seconds:5.1f} s  {label}")
    # The run reached the operations as each principal (not only 401s and 422s).
    assert all(counts[2] >= 20 for counts in answered.values()), answered
    assert not failures, f"{len(failures)} operations answered outside their OpenAPI:\n\n" + "\n\n".join(failures)
