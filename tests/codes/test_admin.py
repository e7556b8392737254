"""Trace codes in the back office: scoped lists, identity read-only, no issuing by bare form."""

import pytest

from foodtrace.codes.models import TraceCode
from tests.codes.conftest import issue
from tests.conftest import make_user


@pytest.mark.django_db
def test_district_regulator_sees_its_district_codes_read_only(client, otp_verified, market, rival):
    own = issue(client, market, quantity=5)["code"]
    far = issue(client, rival, quantity=5)["code"]
    otp_verified(make_user("district_regulator", region="430102"))
    listing = client.get("/admin/codes/tracecode/").content.decode()
    assert own in listing and far not in listing
    code = TraceCode.objects.get(code=own)
    page = client.get(f"/admin/codes/tracecode/{code.pk}/change/").content.decode()
    assert f"plot:{own}" in page and 'name="key"' not in page and 'name="code"' not in page
    assert client.get(f"/admin/codes/tracecode/{TraceCode.objects.get(code=far).pk}/change/").status_code == 302
    assert client.get("/admin/codes/tracecode/add/").status_code == 403
