"""Production mode refuses to start with a default secret, debug on, or demo accounts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from foodtrace.startup import refuse_unsafe_production_start
from tests.conftest import make_user

ROOT = Path(__file__).resolve().parents[1]
GOOD = {
    "FOODTRACE_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 50,
    "DJANGO_DEBUG": "0",
    "FOODTRACE_FIELD_KEY": "00112233445566778899aabbccddeeff",
    "DJANGO_ALLOWED_HOSTS": "trace.example.gov.cn",
}


def load_settings(**overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FOODTRACE_"))}
    env.update(GOOD)
    env.update(overrides)
    env = {k: v for k, v in env.items() if v is not None}
    env["DJANGO_SETTINGS_MODULE"] = "foodtrace.settings"
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); print('started')"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_production_with_proper_settings_starts():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(("override", "complaint"), [
    ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
    ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG is on"),
    ({"FOODTRACE_DEMO_PASSWORD": "Demo@Changsha2026"}, "FOODTRACE_DEMO_PASSWORD"),
    ({"FOODTRACE_FIELD_KEY": None}, "FOODTRACE_FIELD_KEY"),
])
def test_production_refuses_unsafe_settings(override, complaint):
    result = load_settings(**override)
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr and complaint in result.stderr


@pytest.mark.django_db
def test_production_refuses_to_serve_while_demo_accounts_are_active(settings):
    user = make_user("lab_user", is_demo=True)
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match=user.username):
        refuse_unsafe_production_start()
    user.is_active = False
    user.save()
    refuse_unsafe_production_start()
