"""Roles and what each may do (角色与权限). docs/roles.md is generated from this table.

The role decides three things: the scope of business data (through
regions.scoping), the Django permissions (through accounts.backends), and
whether a second factor is required. The three administrators (三员分立) are
separated: the system administrator runs users and configuration but cannot
read the audit log; the security administrator assigns roles and unlocks
accounts; the audit administrator only reads the audit log.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("City administrator")  # 市级管理员
    DISTRICT_REGULATOR = "district_regulator", _("District regulator")  # 区县监管人员
    INSPECTOR = "inspector", _("Inspector")  # 执法人员
    LAB_USER = "lab_user", _("Laboratory user")  # 检验检测机构用户
    BUSINESS_USER = "business_user", _("Business user")  # 食品生产经营者
    DEPARTMENT_SYSTEM = "department_system", _("Department system")  # 部门系统 (商务/农业)
    SYSTEM_ADMIN = "system_admin", _("System administrator")  # 系统管理员
    SECURITY_ADMIN = "security_admin", _("Security administrator")  # 安全管理员
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")  # 审计管理员


# The Chinese names as the plan uses them, for places that print both languages at once
# (docs/roles.md, the demo's account table); the UI itself translates the Role labels.
ROLE_NAMES_ZH = {
    Role.CITY_ADMIN: "市级管理员",
    Role.DISTRICT_REGULATOR: "区县监管人员",
    Role.INSPECTOR: "执法人员",
    Role.LAB_USER: "检验检测机构用户",
    Role.BUSINESS_USER: "食品生产经营者",
    Role.DEPARTMENT_SYSTEM: "部门系统",
    Role.SYSTEM_ADMIN: "系统管理员",
    Role.SECURITY_ADMIN: "安全管理员",
    Role.AUDIT_ADMIN: "审计管理员",
}


class ScopeKind(models.TextChoices):
    REGION = "region", _("the user's city or district")
    BUSINESS = "business", _("the user's own business")
    DEPARTMENT = "department", _("the department's region and business kinds")
    NONE = "none", _("no business data")


def _crud(model: str, *actions: str) -> set[str]:
    app, name = model.split(".")
    return {f"{app}.{action}_{name}" for action in actions}


REGISTRY_READ = (_crud("registry.business", "view") | _crud("registry.licence", "view")
                 | _crud("registry.product", "view") | _crud("registry.location", "view")
                 | _crud("registry.productcategory", "view") | _crud("regions.region", "view"))
REGISTRY_WRITE = REGISTRY_READ | {
    *_crud("registry.business", "add", "change"),
    *_crud("registry.licence", "add", "change"),
    *_crud("registry.product", "add", "change"),
    *_crud("registry.location", "add", "change"),
    "registry.change_licence_status",
    "registry.import_registry",
}
ISSUE_API_KEYS = _crud("accounts.apiclient", "view", "add", "change")
TRACE_READ = _crud("trace.event", "view") | _crud("trace.capturejob", "view")
TRACE_CAPTURE = TRACE_READ | _crud("trace.event", "add")
# Trace codes (追溯码): issue codes for own lots, split a lot into sold parts.
CODES_READ = _crud("codes.tracecode", "view")
CODES_ISSUE = CODES_READ | _crud("codes.tracecode", "add")
# Recall (召回): regulators start and steer recalls; a business answers for its own part.
RECALL_READ = _crud("recall.recall", "view") | _crud("recall.recallparty", "view")
RECALL_MANAGE = RECALL_READ | _crud("recall.recall", "add", "change")
RECALL_ANSWER = RECALL_READ | _crud("recall.recallparty", "change")
INBOX = _crud("notify.notification", "view", "change")
# Ledgers (购销台账、索证索票) for businesses without their own systems; certificates attached to them.
LEDGERS_READ = _crud("ledgers.ledgerupload", "view") | _crud("ledgers.attachment", "view")
LEDGERS_KEEP = LEDGERS_READ | _crud("ledgers.ledgerupload", "add") | _crud("ledgers.attachment", "add")
# Regulator exports: FSMA 204 sortable spreadsheet and the Chinese trace report (追溯报告).
EXPORTS = {"trace.export_trace"}
# Public participation (公众参与): problem reports (投诉举报) and comments on ratings (再评价) of the district.
PARTICIPATION_READ = _crud("participation.report", "view")
PARTICIPATION_HANDLE = PARTICIPATION_READ | _crud("participation.report", "change") | {"participation.moderate_rating"}
# The working-day calendar (工作日历): the system administrator enters each year's State Council holiday notice.
# A wrongly entered day may be deleted (audited); a year may not, since its row is what makes it "known".
CALENDAR_KEEP = (_crud("workdays.calendaryear", "view", "add", "change")
                 | _crud("workdays.calendarday", "view", "add", "change", "delete"))


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    scope: ScopeKind
    second_factor: bool  # TOTP required (administrators and regulators)
    back_office: bool  # may enter the Django admin
    permissions: frozenset[str]
    duties: str  # one line for docs/roles.md


ROLE_SPECS: dict[str, RoleSpec] = {
    spec.role.value: spec
    for spec in [
        RoleSpec(Role.CITY_ADMIN, ScopeKind.REGION, True, True,
                 frozenset(REGISTRY_WRITE | ISSUE_API_KEYS | TRACE_CAPTURE | CODES_ISSUE | RECALL_MANAGE | INBOX
                           | LEDGERS_READ | EXPORTS | PARTICIPATION_HANDLE),
                 "Whole city: registry, licences and their status, API keys for businesses and departments"),
        RoleSpec(Role.DISTRICT_REGULATOR, ScopeKind.REGION, True, True,
                 frozenset(REGISTRY_WRITE | ISSUE_API_KEYS | TRACE_CAPTURE | CODES_ISSUE | RECALL_MANAGE | INBOX
                           | LEDGERS_READ | EXPORTS | PARTICIPATION_HANDLE),
                 "Same functions as the city, limited to one district's businesses and their data"),
        RoleSpec(Role.INSPECTOR, ScopeKind.REGION, True, True,
                 frozenset(REGISTRY_READ | TRACE_READ | CODES_READ | RECALL_READ | LEDGERS_READ | EXPORTS
                           | PARTICIPATION_READ),
                 "Reads businesses, licences, products and locations of the city or district on site"),
        RoleSpec(Role.LAB_USER, ScopeKind.REGION, False, False,
                 frozenset(_crud("registry.business", "view") | _crud("registry.product", "view")
                           | _crud("registry.productcategory", "view") | _crud("regions.region", "view")),
                 "Reads businesses and products (to register samples); pushes results later"),
        RoleSpec(Role.BUSINESS_USER, ScopeKind.BUSINESS, False, True,
                 frozenset(_crud("registry.business", "view") | _crud("registry.licence", "view")
                           | _crud("registry.product", "view", "add", "change")
                           | _crud("registry.location", "view", "add", "change")
                           | _crud("registry.productcategory", "view") | _crud("regions.region", "view")
                           | _crud("accounts.apiclient", "view") | TRACE_CAPTURE | CODES_ISSUE | RECALL_ANSWER
                           | INBOX | LEDGERS_KEEP),
                 "Own business only: reads its record and licences, keeps its products and locations, "
                 "captures its traceability events"),
        RoleSpec(Role.DEPARTMENT_SYSTEM, ScopeKind.DEPARTMENT, False, False,
                 frozenset(REGISTRY_READ | TRACE_CAPTURE | CODES_ISSUE),
                 "Another department's system (API only): reads the businesses of its kinds in its region and "
                 "captures their traceability events"),
        RoleSpec(Role.SYSTEM_ADMIN, ScopeKind.REGION, True, True,
                 frozenset(_crud("accounts.user", "view", "add", "change")
                           | _crud("regions.region", "view", "add", "change")
                           | _crud("registry.business", "view")
                           | _crud("registry.productcategory", "view", "add", "change") | CALENDAR_KEEP
                           # the background queue's results, to see why a job failed (workbench)
                           | _crud("django_tasks_database.dbtaskresult", "view")),
                 "Creates and deactivates user accounts, loads divisions and categories, keeps the working-day "
                 "calendar; cannot assign roles or read the audit log"),
        RoleSpec(Role.SECURITY_ADMIN, ScopeKind.NONE, True, True,
                 frozenset(_crud("accounts.user", "view") | {"accounts.assign_role", "accounts.unlock_account"}),
                 "Assigns roles and scopes, unlocks locked accounts, resets second factors; no business data, "
                 "no audit log"),
        RoleSpec(Role.AUDIT_ADMIN, ScopeKind.NONE, True, True,
                 frozenset({"audit.view_auditentry", "audit.verify_auditentry"}),
                 "Reads and searches the audit log and verifies its hash chain; nothing else"),
    ]
}


def spec_for(role: str | None) -> RoleSpec | None:
    return ROLE_SPECS.get(role or "")


def role_permissions(principal) -> frozenset[str]:
    spec = spec_for(getattr(principal, "role", None))
    return spec.permissions if spec else frozenset()


def roles_markdown() -> str:
    """The role table as Markdown (docs/roles.md is this text; a test keeps them equal)."""
    lines = [
        "# Roles and permissions (角色与权限)",
        "",
        "Generated from `foodtrace/accounts/roles.py` by `manage.py roles_table > docs/roles.md`.",
        "Nobody deletes business records: they are kept for the legal retention period and ended by status.",
        "",
        "| role | 中文 | sees | TOTP | back office | duties |",
        "|---|---|---|---|---|---|",
    ]
    zh = ROLE_NAMES_ZH
    scope_text = {"region": "city or district", "business": "own business", "department": "region × kinds",
                  "none": "no business data"}
    for key, spec in ROLE_SPECS.items():
        lines.append(f"| `{key}` | {zh[key]} | {scope_text[spec.scope]} | {'required' if spec.second_factor else '—'}"
                     f" | {'yes' if spec.back_office else '—'} | {spec.duties} |")
    lines += ["", "## Permissions", "", "| role | permissions |", "|---|---|"]
    for key, spec in ROLE_SPECS.items():
        lines.append(f"| `{key}` | {', '.join(f'`{p}`' for p in sorted(spec.permissions))} |")
    return "\n".join(lines) + "\n"
