"""ASGI entry point (uvicorn foodtrace.asgi:application)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foodtrace.settings")
application = get_asgi_application()

from foodtrace.startup import refuse_unsafe_production_start  # noqa: E402

refuse_unsafe_production_start()
