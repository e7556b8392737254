"""`manage.py demo`: a believable Changsha and one demo account per role, for demos and benchmarks."""

import time
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count

from foodtrace.accounts.models import User
from foodtrace.audit.context import acting_as_system
from foodtrace.demo.accounts import ensure_demo_accounts
from foodtrace.demo.events import load_demo_chains
from foodtrace.demo.generator import DemoError, generate
from foodtrace.demo.reports import load_demo_reports
from foodtrace.registry.models import Business, BusinessKind, Licence, LicenceStatus, Location, Product

KIND_ZH = {
    BusinessKind.FARM_BASE: "规模化种养殖基地",
    BusinessKind.PRODUCER: "食品生产企业",
    BusinessKind.SLAUGHTERHOUSE: "屠宰企业",
    BusinessKind.WHOLESALE_MARKET: "食品批发市场",
    BusinessKind.FARMERS_MARKET: "农贸市场",
    BusinessKind.SUPERMARKET: "大型超市",
    BusinessKind.DISTRIBUTOR: "食品流通企业",
    BusinessKind.CATERING: "餐饮企业",
    BusinessKind.CANTEEN: "团体消费单位",
}
STATUS_ZH = {
    LicenceStatus.VALID: "有效",
    LicenceStatus.EXPIRING: "即将到期",
    LicenceStatus.EXPIRED: "已过期",
    LicenceStatus.SUSPENDED: "暂停",
    LicenceStatus.REVOKED: "吊销",
}


def display_width(text: str) -> int:
    # Chinese characters take two terminal columns; padding by len() would skew the table.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(display_width(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        padded = (str(c) + " " * (w - display_width(str(c))) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def refresh_statistics() -> None:
    """Planner statistics for the tables just filled. A bulk load leaves PostgreSQL without them until
    autovacuum's next round (never, where it is off): every plan — the trace's generic ones, made once per
    connection, most of all — would be made for tables it believes empty. SQLite keeps no statistics without
    ANALYZE either; its planner is left to its own rules there, as in every test."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = ("Build a believable Changsha (businesses, licences, products, locations) and one demo account "
            "per role. Run again to reset the demo passwords and issue fresh API keys. Never in production.")

    def add_arguments(self, parser):
        parser.add_argument("--businesses", type=int, default=240, help="number of businesses (default 240)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed; same seed, same city")

    def handle(self, *args, businesses, seed, **options):
        if settings.PRODUCTION:
            raise CommandError("Refusing to load demo data in production (FOODTRACE_ENV=production): demo "
                               "accounts share a published password. Use a development or staging database.")
        if businesses < 1:
            raise CommandError("--businesses must be at least 1 (the business_user account needs one).")
        started = time.perf_counter()
        try:
            with acting_as_system(source="cli:demo"), transaction.atomic():
                already = User.objects.filter(is_demo=True).exists()
                summary = None if already else generate(businesses=businesses, seed=seed)
                accounts, keys = ensure_demo_accounts(
                    seed=seed, business=summary.featured_business if summary else None)
                events = 0 if already else load_demo_chains(
                    seed=seed, featured=summary.featured_business,
                    actor=User.objects.get(username="city_admin", is_demo=True))
                reports = 0 if already else load_demo_reports()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if summary is not None:
            refresh_statistics()
        elapsed = time.perf_counter() - started

        out = self.stdout.write
        if summary is None:
            out(self.style.WARNING("Demo data is already loaded: no businesses created; demo passwords "
                                   "reset, second factors checked and fresh API keys issued."))
        else:
            out(self.style.SUCCESS(
                f"Generated {summary.businesses} businesses, {summary.licences} licences "
                f"({summary.status_changes} status changes), {summary.products} products, "
                f"{summary.locations} locations, {events} traceability events (pork chains) and {reports} problem "
                f"reports with seed {seed} "
                f"in {elapsed:.1f} s."))
        out("")
        out("Demo accounts 演示账号 (log in at /accounts/login/):")
        headers = ["username", "role 角色", "scope 范围", "password 密码", "TOTP secret 动态口令密钥"]
        rows = [[a.username, f"{a.role} {a.role_zh}", a.scope, a.password, a.totp_secret or "—"]
                for a in accounts]
        for text in table(headers, rows):
            out(text)
        out("Add the TOTP secret to an authenticator app (time-based, 6 digits, 30 s); it stays the same "
            "for the same --seed.")
        out("")
        out("API keys (shown once; run `manage.py demo` again for fresh ones):")
        for text in table(["API client", "role 角色", "scope 范围", "key 密钥"],
                          [[k.name, f"{k.role} {k.role_zh}", k.scope, k.key] for k in keys]):
            out(text)
        out("")
        self.print_counts()
        out("")
        out(self.style.WARNING("Before a production start: `manage.py deactivate_demo_accounts`."))

    def print_counts(self):
        out = self.stdout.write
        by_kind = dict(Business.objects.values_list("kind").annotate(n=Count("pk")))
        out(f"Businesses 企业: {sum(by_kind.values())}")
        for text in table(["kind", "类型", "count"],
                          [[k.value, KIND_ZH[k], str(by_kind.get(k.value, 0))] for k in BusinessKind]):
            out("  " + text)
        by_status = dict(Licence.objects.with_effective_status().values_list("effective_status")
                         .annotate(n=Count("pk")).order_by())
        out(f"Licences 许可证: {sum(by_status.values())}")
        for text in table(["status", "状态", "count"],
                          [[s.value, STATUS_ZH[s], str(by_status.get(s.value, 0))] for s in LicenceStatus]):
            out("  " + text)
        products = Product.objects.count()
        with_gtin = Product.objects.exclude(gtin=None).count()
        out(f"Products 产品: {products} ({with_gtin} with a GTIN, {products - with_gtin} loose goods)")
        locations = Location.objects.count()
        with_gln = Location.objects.exclude(gln=None).count()
        out(f"Locations 场所: {locations} ({with_gln} with a GLN)")
