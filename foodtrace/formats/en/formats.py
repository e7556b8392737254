# Beijing time with its offset (foodtrace/formats/__init__.py says why the offset is literal text).
DATETIME_FORMAT = r"Y-m-d H:i:s \+\0\8\:\0\0"
SHORT_DATETIME_FORMAT = r"Y-m-d H:i \+\0\8\:\0\0"
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
TIME_FORMAT = r"H:i:s \+\0\8\:\0\0"
