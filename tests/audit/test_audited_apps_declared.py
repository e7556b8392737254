"""Which apps the audit trail records is declared by each app (``AppConfig.audited``), not listed in audit/:
every FoodTrace app with models says whether its writes are recorded, and the trail follows what they say."""

from django.apps import apps

from foodtrace.audit.signals import audited, audited_apps


def foodtrace_apps_with_models():
    return [config for config in apps.get_app_configs()
            if config.name.startswith("foodtrace.") and list(config.get_models())]


def test_every_foodtrace_app_with_models_declares_whether_it_is_audited():
    undeclared = [config.name for config in foodtrace_apps_with_models() if "audited" not in vars(type(config))]
    assert not undeclared, f"set audited = True or False (with the reason) in the AppConfig of: {undeclared}"


def test_the_trail_records_exactly_the_declared_apps():
    declared = {config.label for config in foodtrace_apps_with_models() if type(config).audited}
    assert {"registry", "trace", "recall", "participation"} <= declared
    # Plus django-otp's TOTP devices, which accounts vouches for (audits_also): second factors are recorded.
    assert audited_apps() == declared | {"otp_totp"}
    assert audited(apps.get_model("registry", "Business"))
    assert not audited(apps.get_model("public", "Scan"))
    assert not audited(apps.get_model("audit", "AuditEntry"))
