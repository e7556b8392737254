# In registry, not accounts: a business client names its business, and the kernel (accounts) imports no domain.
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from foodtrace.accounts.models import ApiClient
from foodtrace.accounts.roles import Role
from foodtrace.audit.context import acting_as_system
from foodtrace.registry.models import Business, BusinessKind


class Command(BaseCommand):
    help = ("Create an API client for a business's system (--business USCC) or another department's system "
            "(--department --region CODE [--kinds k1,k2]) and print its key once.")

    def add_arguments(self, parser):
        parser.add_argument("name")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--business", metavar="USCC", help="unified social credit code of the business")
        who.add_argument("--department", action="store_true", help="a department system (商务, 农业 …)")
        parser.add_argument("--region", help="city or district code, for a department system")
        parser.add_argument("--kinds", default="", help="comma-separated business kinds a department covers")
        parser.add_argument("--rate", type=int, default=600, help="requests per minute")

    def handle(self, *args, name, business, department, region, kinds, rate, **options):
        client = ApiClient(name=name, rate_per_minute=rate)
        if business:
            found = Business.objects.filter(uscc=business.strip().upper()).first()
            if found is None:
                raise CommandError(f"no business with unified social credit code {business}")
            client.role, client.business = Role.BUSINESS_USER, found
        else:
            unknown = [k for k in filter(None, kinds.split(",")) if k not in BusinessKind.values]
            if unknown:
                raise CommandError(f"unknown business kind(s): {', '.join(unknown)}; "
                                   f"choose from {', '.join(BusinessKind.values)}")
            client.role, client.region_id = Role.DEPARTMENT_SYSTEM, region
            client.business_kinds = [k for k in kinds.split(",") if k]
        key = client.issue_key()
        try:
            client.full_clean(exclude=["key_prefix", "key_hash"])
        except ValidationError as exc:
            raise CommandError("; ".join(f"{f}: {' '.join(m)}" for f, m in exc.message_dict.items())) from exc
        with acting_as_system(source="cli:create_api_client"):
            client.save()
        self.stdout.write(f"API client {client.name} created. Its key is shown only now; store it safely:")
        self.stdout.write(key)
