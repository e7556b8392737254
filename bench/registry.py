"""Registry benchmark: demo generation, scoped list and detail API reads, bulk import.

Prints one table. Uses a fresh database of its own (see bench/README.md).
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import fresh_database, pct  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--businesses", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    fresh_database("bench-registry")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foodtrace.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from foodtrace.accounts.models import User
    from foodtrace.audit.context import acting_as
    from foodtrace.identifiers import make_uscc
    from foodtrace.registry import imports
    from foodtrace.registry.models import Business

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("demo", businesses=args.businesses, stdout=io.StringIO())
    demo_s = time.perf_counter() - start

    rows = []
    for username in ("city_admin", "furong_regulator", "business_user"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        if user.needs_second_factor:
            # The bench measures reads, not the log-in: mark the session as verified the way django-otp does.
            from django_otp.plugins.otp_totp.models import TOTPDevice

            session = client.session
            session["otp_device_id"] = TOTPDevice.objects.filter(user=user).first().persistent_id
            session.save()
        visible = Business.objects.restrict(user).count()
        first = Business.objects.restrict(user).order_by("pk").first()
        for label, url in (("list businesses (page 1)", "/api/v1/registry/businesses"),
                           ("list licences expiring", "/api/v1/registry/licences?status=expiring"),
                           ("business detail", f"/api/v1/registry/businesses/{first.pk}")):
            assert client.get(url).status_code == 200, url
            samples = timed(lambda url=url, client=client: client.get(url), args.repeat)
            rows.append((f"{label} as {username} ({visible} visible)", statistics.median(samples),
                         pct(samples, 0.99)))

    total_before_import = Business.objects.count()
    regulator = User.objects.get(username="city_admin")
    n = 5000
    csv_text = "统一社会信用代码,名称,类型,所属区县,地址\n" + "".join(
        f"{make_uscc('430103', f'BEN{i:06d}')},压测企业{i},catering,430103,测试路{i}号\n" for i in range(n))
    start = time.perf_counter()
    with acting_as(regulator, source="bench"):
        report = imports.registry_import(actor=regulator, kind="businesses", filename="bench.csv",
                                         content=csv_text.encode())
    import_s = time.perf_counter() - start
    assert report.ok, report.as_dict()["errors"][:3]

    print(f"\nFoodTrace registry bench — {connection.vendor}, {os.cpu_count()} cores, "
          f"{total_before_import} businesses before the import\n")
    print(f"{'measure':<70} {'p50 ms':>9} {'p99 ms':>9}")
    print("-" * 90)
    for label, p50, p99 in rows:
        print(f"{label:<70} {p50:>9.2f} {p99:>9.2f}")
    print("-" * 90)
    print(f"{'demo --businesses ' + str(args.businesses) + ' (whole command)':<70} {demo_s * 1000:>9.0f}")
    print(f"{f'import {n} businesses from CSV (validate + write + audit)':<70} {import_s * 1000:>9.0f}"
          f"   ({n / import_s:,.0f} rows/s)")


if __name__ == "__main__":
    main()
