from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "foodtrace.demo"
    verbose_name = "Demo data"
