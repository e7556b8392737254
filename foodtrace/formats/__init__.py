"""Date and time formats (settings.FORMAT_MODULE_PATH) for what Django itself formats — the back office's lists
and forms, ``{{ value }}`` and ``|date`` without a format: Beijing time with its offset, as the platform's own
pages show it (foodtrace/display/times.py). Times are always converted to TIME_ZONE (Asia/Shanghai, +08:00 all
year since 1991) before these formats apply, so the offset is written as text: Django's "O" would say "+0800".
"""
