"""Users (with one role each) and API clients of businesses and other departments' systems."""

import hmac
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foodtrace.accounts.roles import Role, ScopeKind, role_permissions, spec_for
from foodtrace.crypto import sm3_hex
from foodtrace.regions.scoping import NO_SCOPE, Scope, ScopedManager, ScopeLevel


def _region_scope(region, business=None, kinds=()) -> Scope:
    if region is None:
        return NO_SCOPE
    if region.level == "city":
        return Scope(ScopeLevel.CITY, city_id=region.code, business_kinds=tuple(kinds))
    return Scope(ScopeLevel.DISTRICT, city_id=region.city_id, district_id=region.code, business_kinds=tuple(kinds))


class Principal(models.Model):
    """What users and API clients share: a role, a region, maybe a business, and the scope they imply."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("city or district"))
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("business"))

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.role}@{self.region_id or self.business_id}"

    @property
    def role_spec(self):
        return spec_for(self.role)

    @property
    def scope(self) -> Scope:
        spec = self.role_spec
        if spec is None or not self.is_active:
            return NO_SCOPE
        if spec.scope == ScopeKind.BUSINESS:
            if self.business_id is None:
                return NO_SCOPE
            district = self.business.district
            return Scope(ScopeLevel.BUSINESS, city_id=district.city_id, district_id=district.code,
                         business_id=self.business_id)
        if spec.scope == ScopeKind.DEPARTMENT:
            return _region_scope(self.region, kinds=getattr(self, "business_kinds", None) or ())
        if spec.scope == ScopeKind.REGION:
            return _region_scope(self.region)
        return NO_SCOPE

    def clean_scope(self):
        spec = self.role_spec
        if spec is None:
            return
        if spec.scope in (ScopeKind.REGION, ScopeKind.DEPARTMENT) and self.region_id is None:
            raise ValidationError({"region": _("This role needs a city or district.")})
        if spec.scope == ScopeKind.BUSINESS:
            if self.business_id is None:
                raise ValidationError({"business": _("A business user must belong to a business.")})
            self.region_id = self.business.district_id


class User(Principal, AbstractUser):
    must_change_password = models.BooleanField(
        _("must change password"), default=True,
        help_text=_("Set for new accounts and after a reset: the user chooses a new password at next login."))
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo account"), default=False)

    objects = UserManager()
    audit_actor_type = "user"

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("assign_role", "Can assign roles and scopes"),
                       ("unlock_account", "Can unlock accounts and reset second factors")]

    def __str__(self):
        return self.username

    @property
    def audit_name(self) -> str:
        return self.username

    @property
    def needs_second_factor(self) -> bool:
        spec = self.role_spec
        return bool(spec and spec.second_factor)

    def clean(self):
        super().clean()
        self.clean_scope()

    def save(self, *args, **kwargs):
        spec = self.role_spec
        # Only the role opens the back office; a stray is_staff flag cannot.
        self.is_staff = bool(spec and spec.back_office)
        self.is_superuser = False
        super().save(*args, **kwargs)

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    # No superuser shortcut (三员分立): permissions come from the role table only.
    def has_perm(self, perm, obj=None):
        return self.is_active and perm in role_permissions(self)

    def has_module_perms(self, app_label):
        return self.is_active and any(p.startswith(app_label + ".") for p in role_permissions(self))

    def get_all_permissions(self, obj=None):
        return set(role_permissions(self)) if self.is_active else set()


class ApiClient(Principal):
    """A business's or another department's system calling our API with a key (shown once, stored hashed)."""

    name = models.CharField(_("name"), max_length=100)
    business_kinds = models.JSONField(_("business kinds"), default=list, blank=True,
                                      help_text=_("For a department system: the kinds of business it covers."))
    key_prefix = models.CharField(_("key prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ScopedManager()
    scope_district_path = "region"
    scope_business_path = "business"

    audit_actor_type = "api_client"
    is_authenticated = True
    is_anonymous = False

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def audit_name(self) -> str:
        return f"api:{self.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def clean(self):
        super().clean()
        if self.role not in (Role.BUSINESS_USER, Role.DEPARTMENT_SYSTEM):
            raise ValidationError({"role": _("An API client is either a business's system or a department system.")})
        self.clean_scope()

    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and perm in role_permissions(self)

    @staticmethod
    def hash_key(key: str) -> str:
        return sm3_hex(key.encode("utf-8"))

    def issue_key(self) -> str:
        """Sets a new key and returns it; only its hash is kept, so this is the one time it is seen."""
        self.key_prefix = secrets.token_hex(4)
        key = f"ft_{self.key_prefix}_{secrets.token_urlsafe(32)}"
        self.key_hash = self.hash_key(key)
        return key

    def key_matches(self, key: str) -> bool:
        return hmac.compare_digest(self.key_hash, self.hash_key(key))
