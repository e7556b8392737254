"""Permissions come from the role table, not from per-user or group grants."""

from django.contrib.auth.backends import ModelBackend

from foodtrace.accounts.roles import role_permissions


class RoleBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        return set(role_permissions(user_obj))

    def get_user_permissions(self, user_obj, obj=None):
        return self.get_all_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        # Deliberately no superuser shortcut: 三员分立 means no account can do everything.
        return perm in self.get_all_permissions(user_obj, obj)
