"""`manage.py demo` and `manage.py deactivate_demo_accounts`, checked the way a demo user would look."""

import re
from io import StringIO

import pyotp
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count
from django_otp.plugins.otp_totp.models import TOTPDevice

from foodtrace.accounts.models import ApiClient, User
from foodtrace.accounts.roles import ROLE_SPECS
from foodtrace.audit.context import acting_as_system
from foodtrace.audit.models import AuditEntry
from foodtrace.demo.generator import generate
from foodtrace.identifiers import parse_uscc, validate_gln
from foodtrace.regions.models import Region
from foodtrace.registry.categories import CATEGORIES, category_rows
from foodtrace.registry.models import (
    Business,
    BusinessKind,
    Licence,
    LicenceStatus,
    LicenceStatusChange,
    Location,
    Product,
)
from foodtrace.startup import refuse_unsafe_production_start

pytestmark = pytest.mark.django_db
DISTRICTS = {"430102", "430103", "430104", "430105", "430111", "430112", "430121", "430181", "430182"}


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo_output():
    return run_demo(businesses=120)


def test_every_kind_in_every_district(demo_output):
    assert Business.objects.count() == 120
    pairs = set(Business.objects.values_list("district_id", "kind"))
    assert pairs == {(d, k) for d in DISTRICTS for k in BusinessKind.values}
    districts = Region.objects.filter(level="district", city_id="430100")
    assert set(districts.values_list("code", flat=True)) == DISTRICTS


def test_businesses_look_real(demo_output):
    businesses = list(Business.objects.select_related("district", "market"))
    assert len({b.name for b in businesses}) == len(businesses)
    for business in businesses:
        business.full_clean()  # the model's own rules: USCC, district, market
        assert parse_uscc(business.uscc).division_code == business.district_id
        assert business.district.name in business.address
        assert 27.9 <= float(business.latitude) <= 28.6 and 112.6 <= float(business.longitude) <= 113.8
        assert re.fullmatch(r"1[358]\d{9}", business.contact_phone)
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", business.legal_representative)
        if business.market_id:
            assert business.kind == business.market.kind and business.market.market_id is None
            assert business.market.district_id == business.district_id
    flagged = [b for b in businesses if not b.uscc_check_ok]
    assert 1 <= len(flagged) <= 6  # about 2 %, shown to the regulator as suspicious
    assert Business.objects.exclude(market=None).exists()
    assert Business.objects.filter(status=Business.Status.OPERATING).count() > 100


def test_licences_show_every_status(demo_output):
    statuses = dict(Licence.objects.with_effective_status().values_list("effective_status")
                    .annotate(n=Count("pk")).order_by())
    for status in LicenceStatus:  # valid, expiring, expired, suspended, revoked
        assert statuses.get(status, 0) >= 1, status
    assert statuses[LicenceStatus.VALID] > sum(statuses.values()) / 2
    assert not Licence.objects.filter(business__kind=BusinessKind.FARM_BASE).exists()
    for licence in Licence.objects.select_related("business"):
        licence.full_clean()  # number parses, area code is the business's district
        expected = "SC" if licence.business.kind in ("producer", "slaughterhouse") else "JY"
        assert licence.kind == expected
        assert (licence.valid_until - licence.valid_from).days in (1825, 1826)  # five years
    # Every licence has its "issued" entry; suspended and revoked ones also say why.
    assert LicenceStatusChange.objects.filter(from_status="").count() == Licence.objects.count()
    for licence in Licence.objects.exclude(status=LicenceStatus.VALID):
        change = licence.status_changes.get(to_status=licence.status)
        assert change.from_status == LicenceStatus.VALID and change.reason


def test_products_cover_all_categories(demo_output):
    codes = set(Product.objects.values_list("category_id", flat=True))
    assert {code.split(".")[0] for code in codes} == {top for top, *_ in CATEGORIES}
    assert codes == {code for code, _n, _e, parent in category_rows() if parent}
    for product in Product.objects.select_related("business"):
        product.full_clean()  # GTIN check digit and GTIN-14 form
        if product.gtin:
            assert product.gtin.startswith("069") and len(product.gtin) == 14
    loose = Product.objects.filter(gtin=None)
    assert loose.filter(specification="散装").exists()
    assert not Product.objects.filter(business__kind__in=["catering", "canteen"]).exists()


def test_locations_fit_their_business(demo_output):
    expected = {"farm_base": {"field"}, "producer": {"plant", "warehouse"}, "slaughterhouse":
                {"slaughter_line", "warehouse"}, "farmers_market": {"stall"}, "wholesale_market": {"stall"},
                "supermarket": {"store", "warehouse"}, "catering": {"kitchen"}, "canteen": {"kitchen"},
                "distributor": {"warehouse"}}
    for business in Business.objects.annotate(n=Count("locations")):
        assert 1 <= business.n <= 3, business
    for kind, location_kind in Location.objects.values_list("business__kind", "kind"):
        assert location_kind in expected[kind]
    for location in Location.objects.select_related("business"):
        assert re.fullmatch(rf"L{location.business.district_id}-[0-9A-F]{{8}}", location.code)
        if location.gln:
            assert validate_gln(location.gln) == location.gln
    assert Location.objects.exclude(gln=None).exists()


def test_every_role_has_an_account_or_api_client(demo_output):
    users = User.objects.filter(is_demo=True)
    roles = set(users.values_list("role", flat=True)) | set(ApiClient.objects.values_list("role", flat=True))
    assert roles == set(ROLE_SPECS)
    assert set(users.values_list("username", flat=True)) == {
        "city_admin", "furong_regulator", "yuelu_regulator", "furong_inspector", "lab_user", "business_user",
        "sysadmin", "secadmin", "auditadmin"}
    for user in users:
        assert user.check_password(settings.DEMO_PASSWORD)
        assert not user.must_change_password and user.is_active and user.last_name and user.first_name
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert has_device == user.needs_second_factor, user.username
        assert user.username in demo_output
    assert settings.DEMO_PASSWORD in demo_output
    department = ApiClient.objects.get(role="department_system")
    assert department.region_id == "430100"
    assert set(department.business_kinds) == {"slaughterhouse", "wholesale_market", "farmers_market",
                                              "supermarket"}


def test_regulators_are_scoped_to_their_district(demo_output):
    furong = User.objects.get(username="furong_regulator")
    yuelu = User.objects.get(username="yuelu_regulator")
    assert set(Business.objects.restrict(furong).values_list("district_id", flat=True)) == {"430102"}
    assert set(Business.objects.restrict(yuelu).values_list("district_id", flat=True)) == {"430104"}
    assert Business.objects.restrict(User.objects.get(username="city_admin")).count() == 120


def test_business_user_sees_only_its_business(demo_output):
    user = User.objects.get(username="business_user")
    assert user.business.kind == "supermarket" and user.business.district_id == "430102"
    assert user.region_id == "430102"
    assert list(Business.objects.restrict(user)) == [user.business]
    assert Product.objects.restrict(user).count() == user.business.products.count() > 0
    client = ApiClient.objects.get(role="business_user")
    assert client.business == user.business
    assert list(Business.objects.restrict(client)) == [user.business]


def test_printed_keys_and_totp_secrets_work(demo_output):
    for client in ApiClient.objects.all():
        keys = re.findall(rf"ft_{client.key_prefix}_\S+", demo_output)
        assert len(keys) == 1 and client.key_matches(keys[0])
    device = TOTPDevice.objects.get(user__username="city_admin")
    secret = next(line.split()[-1] for line in demo_output.splitlines() if line.startswith("city_admin "))
    assert device.verify_token(pyotp.TOTP(secret).now())


def test_contacts_are_encrypted_at_rest(demo_output):
    business = Business.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT legal_representative, contact_name, contact_phone FROM registry_business "
                       "WHERE id = %s", [business.pk])
        raw = cursor.fetchone()
    plain = (business.legal_representative, business.contact_name, business.contact_phone)
    assert all(plain)
    for stored, value in zip(raw, plain, strict=True):
        assert stored != value and value not in stored


def test_audit_trail_records_the_load_and_verifies(demo_output):
    loads = AuditEntry.objects.filter(action="demo_load")
    assert set(loads.values_list("object_type", flat=True)) == {
        "registry.business", "registry.licence", "registry.licencestatuschange", "registry.product",
        "registry.location"}
    assert set(loads.values_list("source", flat=True)) == {"cli:demo"}
    assert loads.get(object_type="registry.business").changes["count"] == 120
    # Accounts are ordinary saves, so each one has its own entry.
    created = AuditEntry.objects.filter(action="create", object_type="accounts.user", source="cli:demo")
    assert created.count() == 9
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()


def test_rerun_does_not_duplicate_and_refreshes_accounts(demo_output):
    models = (Business, Licence, LicenceStatusChange, Product, Location)
    counts = [model.objects.count() for model in models]
    old_keys = set(ApiClient.objects.values_list("key_hash", flat=True))
    secrets_before = dict(TOTPDevice.objects.values_list("user__username", "key"))
    User.objects.filter(username="lab_user").update(password="!")  # someone broke a demo password

    second = run_demo(businesses=120)

    assert "already loaded" in second
    assert [model.objects.count() for model in models] == counts
    assert User.objects.filter(is_demo=True).count() == 9 and ApiClient.objects.count() == 2
    assert User.objects.get(username="lab_user").check_password(settings.DEMO_PASSWORD)
    assert dict(TOTPDevice.objects.values_list("user__username", "key")) == secrets_before
    assert not old_keys & set(ApiClient.objects.values_list("key_hash", flat=True))  # fresh keys
    call_command("audit_verify", stdout=StringIO())


def test_same_seed_same_city():
    class Rollback(Exception):
        pass

    def build(seed):
        try:
            with transaction.atomic(), acting_as_system(source="test"):
                generate(businesses=30, seed=seed)
                rows = list(Business.objects.order_by("pk")
                            .values_list("uscc", "name", "kind", "district_id", "contact_phone"))
                raise Rollback
        except Rollback:
            return rows

    assert build(7) == build(7)
    assert build(7) != build(8)


def test_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        run_demo(businesses=10)
    assert not Business.objects.exists() and not User.objects.filter(is_demo=True).exists()


def test_deactivate_demo_accounts(demo_output, settings):
    real = User.objects.create_user("real_admin", password="Real@Pass2026x", role="city_admin",
                                    region_id="430100")
    out = StringIO()
    call_command("deactivate_demo_accounts", stdout=out)
    assert "Deactivated 9" in out.getvalue()
    assert not User.objects.filter(is_demo=True, is_active=True).exists()
    assert User.objects.get(pk=real.pk).is_active
    assert not ApiClient.objects.filter(revoked_at=None).exists()
    assert AuditEntry.objects.filter(source="cli:deactivate_demo_accounts").count() == 11
    settings.PRODUCTION = True
    refuse_unsafe_production_start()  # would raise while a demo account is active
    call_command("audit_verify", stdout=StringIO())


def test_the_districts_have_problem_reports_waiting_on_their_workbenches(demo_output):
    from foodtrace import workbench

    furong = workbench.collect(User.objects.get(username="furong_regulator")).item("participation.unassigned")
    yuelu = workbench.collect(User.objects.get(username="yuelu_regulator")).item("participation.unassigned")
    assert furong.count == 2 and yuelu.count == 1
    city = workbench.collect(User.objects.get(username="city_admin")).item("participation.unassigned")
    assert city.count == 3 and {row.district: row.count for row in city.by_district if row.count} == {
        "430102": 2, "430104": 1}
    # Filed through the public's own service: each has a tracking number, a status page and a timeline.
    from foodtrace.participation.models import Report

    assert all(report.tracking.startswith("TS") and report.steps.count() == 1 for report in Report.objects.all())
