"""The API against its own OpenAPI description, by property-based testing
(schemathesis): generated bodies, valid by the description and not, never a
500, and every answer as described. Bounded: 20 calls per operation."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

OPERATIONS = [
    ("POST", "/_sim/api/start"),
    ("POST", "/_sim/api/reset"),
    ("GET", "/_sim/api/state"),
    ("PATCH", "/_sim/api/office"),
    ("POST", "/_sim/api/office/reply"),
    ("POST", "/_sim/api/office/answer"),
    ("GET", "/_sim/api/office/slots"),
    ("POST", "/_sim/api/office/slots"),
]


def test_the_list_is_every_operation(app):
    description = app.test_client().get("/_sim/api/openapi.json").get_json()
    assert sorted(OPERATIONS) == sorted((method.upper(), path) for path, methods in description["paths"].items() for method in methods)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_answer_is_as_described_and_none_is_a_500(app, method, path):
    operation = schemathesis.openapi.from_wsgi("/_sim/api/openapi.json", app)[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def call(case):
        # A body the description allows may still break a rule it cannot say (a
        # text over its limit, a slot that is not free): a 422, not a 2xx.
        case.call_and_validate(excluded_checks=[checks.positive_data_acceptance])

    call()
