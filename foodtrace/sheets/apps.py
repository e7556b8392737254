from django.apps import AppConfig


class SheetsConfig(AppConfig):
    """The spreadsheet engine: no models; an app so that its messages' translations are found."""

    name = "foodtrace.sheets"
    verbose_name = "Sheets"
