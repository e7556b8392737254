"""Demo accounts: one per role, a second district regulator to show scoping, and two API clients.

Saved one by one through the ORM (a dozen rows), so the audit trail records
each of them like any other account change. Call inside
``acting_as_system(source="cli:demo")`` and a transaction.
"""

import hashlib
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from foodtrace.accounts.models import ApiClient, User
from foodtrace.accounts.roles import ROLE_NAMES_ZH, Role, ScopeKind, spec_for
from foodtrace.demo.generator import CITY_CODE, FEATURED_DISTRICT, DemoError
from foodtrace.regions.models import Region
from foodtrace.registry.models import Business, BusinessKind, Licence, LicenceStatus


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    region: str | None  # None: no region (the two separated administrators) or the business's district
    last_name: str
    first_name: str


DEMO_ACCOUNTS = (
    DemoAccount("city_admin", Role.CITY_ADMIN, CITY_CODE, "陈", "立新"),
    DemoAccount("furong_regulator", Role.DISTRICT_REGULATOR, "430102", "李", "芳"),
    DemoAccount("yuelu_regulator", Role.DISTRICT_REGULATOR, "430104", "王", "海涛"),
    DemoAccount("furong_inspector", Role.INSPECTOR, "430102", "张", "伟"),
    DemoAccount("lab_user", Role.LAB_USER, CITY_CODE, "赵", "敏"),
    DemoAccount("business_user", Role.BUSINESS_USER, None, "刘", "洋"),
    DemoAccount("sysadmin", Role.SYSTEM_ADMIN, CITY_CODE, "周", "建军"),
    DemoAccount("secadmin", Role.SECURITY_ADMIN, None, "吴", "静"),
    DemoAccount("auditadmin", Role.AUDIT_ADMIN, None, "郑", "华"),
)
# The user whose name the demo API clients carry as their issuer; it is also how they are found
# again (re-run, deactivation): an API client created by a demo account is a demo client.
KEY_ISSUER = "city_admin"
DEPARTMENT_CLIENT_NAME = "商务局肉菜追溯系统"
DEPARTMENT_KINDS = [BusinessKind.SLAUGHTERHOUSE, BusinessKind.WHOLESALE_MARKET, BusinessKind.FARMERS_MARKET,
                    BusinessKind.SUPERMARKET]
TOTP_DEVICE_NAME = "演示令牌 (demo)"


@dataclass
class AccountRow:
    username: str
    role: str
    role_zh: str
    scope: str
    password: str
    totp_secret: str | None


@dataclass
class ApiKeyRow:
    name: str
    role: str
    role_zh: str
    scope: str
    key: str


def totp_key(seed: int, username: str) -> str:
    """20 bytes (hex) from the seed and username: the secret someone scanned stays valid on a re-run.

    Deriving a second factor from public inputs is only acceptable because demo accounts never
    exist in production (the demo command refuses to run there, and startup refuses active ones).
    """
    return hashlib.sha256(f"foodtrace-demo-totp:{seed}:{username}".encode()).digest()[:20].hex()


def totp_secret(device: TOTPDevice) -> str:
    """The base32 form authenticator apps ask for."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def scope_text(principal) -> str:
    spec = spec_for(principal.role)
    if spec.scope == ScopeKind.BUSINESS:
        return principal.business.name
    if spec.scope == ScopeKind.NONE or principal.region_id is None:
        return "—（无业务数据 no business data）"
    region = principal.region
    level = "全市 city" if region.level == Region.Level.CITY else "区县 district"
    label = f"{region.name}（{level}）"
    kinds = getattr(principal, "business_kinds", None)
    return f"{label} × {', '.join(kinds)}" if kinds else label


def featured_business() -> Business | None:
    """An operating supermarket in 芙蓉区 with a valid licence, for the business_user (re-runs, old data)."""
    supermarkets = Business.objects.filter(kind=BusinessKind.SUPERMARKET).order_by("pk")
    valid = Licence.objects.with_effective_status().filter(effective_status=LicenceStatus.VALID)
    in_district = supermarkets.filter(district_id=FEATURED_DISTRICT)
    best = in_district.filter(status=Business.Status.OPERATING, pk__in=valid.values("business_id"))
    for qs in (best, in_district, supermarkets, Business.objects.order_by("pk")):
        business = qs.first()
        if business is not None:
            return business
    return None


def _ensure_user(account: DemoAccount, password_hash: str, business: Business | None) -> User:
    user = User.objects.filter(username=account.username).first()
    if user is not None and not user.is_demo:
        raise DemoError(f"A real (non-demo) account is called {account.username!r}; the demo will not take "
                        "it over. Rename that account or use a database without it.")
    if user is None:
        user = User(username=account.username, is_demo=True)
    user.role = account.role
    user.last_name, user.first_name = account.last_name, account.first_name
    if account.role == Role.BUSINESS_USER:
        # Keep the business of an earlier run, so the printed scope does not move between runs.
        user.business = user.business if user.business_id else business
        if user.business is None:
            raise DemoError("There is no business for the business_user account: load some businesses first.")
        user.region_id = user.business.district_id
    else:
        user.business, user.region_id = None, account.region
    user.is_active = True
    user.must_change_password = False
    # One hash for all: PBKDF2 is deliberately slow, and the demo accounts share one password anyway.
    user.password = password_hash
    user.password_changed_at = timezone.now()
    user.full_clean()
    user.save()
    return user


def _ensure_device(user: User, seed: int) -> TOTPDevice:
    key = totp_key(seed, user.username)
    device = TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME)
    if device.pk is None or device.key != key or not device.confirmed:
        if device.key != key:
            device.last_t, device.drift = -1, 0  # a new secret: forget the old one's time steps
        device.key, device.confirmed = key, True
        device.throttle_reset(commit=False)
        device.save()
    return device


def demo_api_clients():
    return ApiClient.objects.filter(created_by__is_demo=True)


def _ensure_client(issuer: User, **fields) -> tuple[ApiClient, str]:
    lookup = {k: fields[k] for k in ("role", "name", "business")}
    client = demo_api_clients().filter(**lookup).first() or ApiClient(created_by=issuer)
    for name, value in fields.items():
        setattr(client, name, value)
    client.revoked_at = None
    client.rate_per_minute = settings.API_DEFAULT_RATE_PER_MINUTE
    # Only the hash is stored, so an old key cannot be shown again: every run issues a fresh one.
    key = client.issue_key()
    client.full_clean()
    client.save()
    return client, key


def ensure_demo_accounts(*, seed: int,
                         business: Business | None = None) -> tuple[list[AccountRow], list[ApiKeyRow]]:
    """Create (or refresh) the demo accounts and API clients; return what the command prints."""
    password = settings.DEMO_PASSWORD
    if not password:
        raise DemoError("FOODTRACE_DEMO_PASSWORD is empty: demo accounts need the shared demo password.")
    password_hash = make_password(password)
    if business is None:
        business = featured_business()

    users: dict[str, User] = {}
    rows = []
    for account in DEMO_ACCOUNTS:
        user = _ensure_user(account, password_hash, business)
        users[user.username] = user
        secret = totp_secret(_ensure_device(user, seed)) if user.needs_second_factor else None
        rows.append(AccountRow(user.username, user.role, ROLE_NAMES_ZH[user.role], scope_text(user), password,
                               secret))

    issuer = users[KEY_ISSUER]
    shop = users["business_user"].business
    department, department_key = _ensure_client(
        issuer, name=DEPARTMENT_CLIENT_NAME, role=Role.DEPARTMENT_SYSTEM, region_id=CITY_CODE, business=None,
        business_kinds=[str(k) for k in DEPARTMENT_KINDS])
    shop_client, shop_key = _ensure_client(
        issuer, name=f"{shop.name}进销存系统"[:100], role=Role.BUSINESS_USER, region_id=shop.district_id,
        business=shop, business_kinds=[])
    keys = [ApiKeyRow(c.name, c.role, ROLE_NAMES_ZH[c.role], scope_text(c), key)
            for c, key in ((department, department_key), (shop_client, shop_key))]
    return rows, keys


def deactivate_demo_accounts() -> tuple[list[str], list[str]]:
    """Deactivate every demo user and revoke every demo API client; returns their names."""
    users = list(User.objects.filter(is_demo=True, is_active=True).order_by("username"))
    for user in users:
        user.is_active = False
        user.save(update_fields=["is_active"])
    now = timezone.now()
    clients = list(demo_api_clients().filter(revoked_at=None).order_by("pk"))
    for client in clients:
        client.revoked_at = now
        client.save(update_fields=["revoked_at"])
    return [u.username for u in users], [c.name for c in clients]
