"""FoodTrace settings: one file, driven by the environment.

Embedded default: SQLite (WAL) in ./var, development mode. Production
(FOODTRACE_ENV=production) refuses to start with a default secret, debug on,
or a demo password; see docs/deploy.md for every variable.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from foodtrace.envconfig import env, env_bool, env_int, env_list, env_secret

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env("FOODTRACE_DATA_DIR", str(BASE_DIR / "var")))

FOODTRACE_ENV = env("FOODTRACE_ENV", "development")
if FOODTRACE_ENV not in ("development", "production"):
    raise ImproperlyConfigured("FOODTRACE_ENV must be 'development' or 'production'")
PRODUCTION = FOODTRACE_ENV == "production"

# A development key is fine on a laptop and fatal in production (checked below).
DEV_SECRET_KEY = "foodtrace-development-only-secret-key-not-for-production"  # noqa: S105
SECRET_KEY = env_secret("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# A refused form is a page that says what to do (foodtrace/errors.py), not Django's "403 Forbidden".
CSRF_FAILURE_VIEW = "foodtrace.errors.csrf_failure"

# Demo accounts share one password, printed by `manage.py demo`; never in production.
DEMO_PASSWORD = env_secret("FOODTRACE_DEMO_PASSWORD", "" if PRODUCTION else "Demo@Changsha2026")

# SM4 key (32 hex characters = 128 bits) for personal data encrypted at rest.
# In development it is derived from SECRET_KEY so a new user needs nothing.
FIELD_ENCRYPTION_KEY = env_secret("FOODTRACE_FIELD_KEY", "")

if PRODUCTION:
    problems = []
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 40:
        problems.append("DJANGO_SECRET_KEY is missing, the development default, or shorter than 40 characters")
    if DEBUG:
        problems.append("DJANGO_DEBUG is on")
    if DEMO_PASSWORD:
        problems.append("FOODTRACE_DEMO_PASSWORD is set (demo accounts are not allowed in production)")
    if len(FIELD_ENCRYPTION_KEY) != 32:
        problems.append("FOODTRACE_FIELD_KEY must be set to 32 hex characters (a 128-bit SM4 key)")
    if not ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS is empty")
    if problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(problems))

INSTALLED_APPS = [
    "foodtrace.admin_site.FoodTraceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "foodtrace.db",
    "foodtrace.audit",
    "foodtrace.stamps",
    "foodtrace.sheets",
    "foodtrace.regions",
    "foodtrace.workdays",
    "foodtrace.workflow",
    "foodtrace.accounts",
    "foodtrace.workbench",
    "foodtrace.registry",
    "foodtrace.trace",
    "foodtrace.codes",
    "foodtrace.notify",
    "foodtrace.recall",
    "foodtrace.ledgers",
    "foodtrace.exports",
    "foodtrace.public",
    "foodtrace.participation",
    "foodtrace.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",  # first, so the public lane's answers have it too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "foodtrace.i18n.ChineseFirstLocaleMiddleware",
    "foodtrace.apikit.inputs.ApiInputMiddleware",  # NUL characters refused under /api/v1/ and /epcis/
    # Code pages (/t/…, /01/…) are answered here, without the back office's middleware below (public/lane.py).
    "foodtrace.public.lane.PublicLaneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "foodtrace.audit.middleware.AuditContextMiddleware",
    "foodtrace.accounts.middleware.LoginPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "foodtrace.urls"
WSGI_APPLICATION = "foodtrace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "foodtrace" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Times in Beijing time and codes in plain words on every page, the back office's too.
            "builtins": ["foodtrace.display.filters"],
        },
    },
    {
        # Fragments on the public hot path only (foodtrace/jinja2.py says why); found in <app>/jinja2/.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "foodtrace.jinja2.environment"},
    },
]

# Database: SQLite (WAL) unless DATABASE_URL is set (PostgreSQL in production).
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'foodtrace.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the single writer; IMMEDIATE takes the
        # write lock at BEGIN so concurrent writers queue instead of failing.
        # A page cache of 64 MiB per connection (SQLite's default is 2 MiB): capture's index look-ups and
        # inserts stopped re-reading the same index pages from the OS once the event tables outgrew 2 MiB
        # (bench/README.md, 2026-12-03: 1M events over HTTP 3,217 → 4,064 events/s; a 1 GiB mmap_size instead
        # gained nothing).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
                        f"PRAGMA cache_size=-{env_int('SQLITE_CACHE_MB', 64) * 1024};",
        "transaction_mode": "IMMEDIATE",
    }
else:
    # Lets parallel test runs on one server use separate test databases.
    DATABASES["default"]["TEST"] = {"NAME": env("DATABASE_TEST_NAME", "") or None}
    # Django turns psycopg's prepared statements off (prepare_threshold None). Its own cursors bind on the client
    # and never prepare whatever this says; the trace's statements ask for it (foodtrace/db/sql.py), and with
    # this threshold nothing else is ever prepared by repetition (docs/decisions.md).
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 1_000_000_000
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" and env_bool("DB_POOL", False):
    DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 2, "max_size": env_int("DB_POOL_MAX", 10)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "foodtrace.accounts.backends.RoleBackend",
]

# 等保 2.0 level 3: complexity, length, no common or personal passwords.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "foodtrace.accounts.validators.ComplexityValidator"},
]
PASSWORD_MAX_AGE_DAYS = env_int("FOODTRACE_PASSWORD_MAX_AGE_DAYS", 90)

# Failed-login lockout (django-axes): 5 failures lock the account for 30 minutes.
AXES_FAILURE_LIMIT = env_int("FOODTRACE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("FOODTRACE_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one, counted separately
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_ENABLE_ADMIN = False  # our admin shows attempts to the security administrator only

# Idle session timeout: every request pushes expiry forward by this much.
SESSION_COOKIE_AGE = env_int("FOODTRACE_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
OTP_TOTP_ISSUER = "FoodTrace"

# Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "foodtrace" / "locale"]
TIME_ZONE = "Asia/Shanghai"
# What Django formats itself (the back office) shows Beijing time with its offset too (foodtrace/formats/).
FORMAT_MODULE_PATH = ["foodtrace.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "foodtrace" / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env("FOODTRACE_MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Static files are served by WhiteNoise in every mode; outside production it finds them where they are (no
# collectstatic), also with DJANGO_DEBUG=0 as `make demo` runs (WhiteNoise's default follows DEBUG). Files added
# while the server runs are found after a restart (autorefresh still follows DEBUG: it costs every request).
WHITENOISE_USE_FINDERS = not PRODUCTION
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Spreadsheets taken in (imports, ledgers): what a file may hold before it is refused unread (docs/sheets.md).
SHEETS_MAX_UPLOAD_BYTES = env_int("FOODTRACE_SHEETS_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
SHEETS_MAX_UNPACKED_BYTES = env_int("FOODTRACE_SHEETS_MAX_UNPACKED_BYTES", 64 * 1024 * 1024)
SHEETS_MAX_COMPRESSION_RATIO = env_int("FOODTRACE_SHEETS_MAX_COMPRESSION_RATIO", 100)
SHEETS_MAX_CELLS = env_int("FOODTRACE_SHEETS_MAX_CELLS", 1_000_000)
SHEETS_MAX_COLUMNS = env_int("FOODTRACE_SHEETS_MAX_COLUMNS", 100)
SHEETS_MAX_ERRORS = env_int("FOODTRACE_SHEETS_MAX_ERRORS", 1000)
# Rows one export of the audit list may hold (the back office's export of the filtered list).
AUDIT_EXPORT_MAX_ROWS = env_int("FOODTRACE_AUDIT_EXPORT_MAX_ROWS", 10_000)

# API clients: requests per minute per key unless the client row says otherwise.
API_DEFAULT_RATE_PER_MINUTE = env_int("FOODTRACE_API_RATE_PER_MINUTE", 600)
# Origin printed into trace-code QR codes (e.g. https://trace.changsha.gov.cn); empty: the host of the request.
FOODTRACE_PUBLIC_BASE_URL = env("FOODTRACE_PUBLIC_BASE_URL", "").strip().rstrip("/")
# Licences this many days from expiry show as "expiring".
LICENCE_EXPIRING_DAYS = env_int("FOODTRACE_LICENCE_EXPIRING_DAYS", 30)
# Largest certificate file (PDF, JPEG, PNG) a business may attach to its ledger (docs/ledgers.md).
LEDGER_ATTACHMENT_MAX_BYTES = env_int("FOODTRACE_LEDGER_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Audit entries younger than this cannot be deleted (Food Safety Law / 等保: ≥ 6 months).
AUDIT_RETENTION_DAYS = max(183, env_int("FOODTRACE_AUDIT_RETENTION_DAYS", 183))

# Cache: Redis (Django's RedisCache, redis-py) when FOODTRACE_CACHE_URL or REDIS_URL is set, else this
# process's memory. The public product pages live here (docs/public.md); with several processes and no Redis
# their invalidation stamps are kept in the database instead, so no process shows a stale page.
CACHE_URL = env("FOODTRACE_CACHE_URL", "") or env("REDIS_URL", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                      "OPTIONS": {"MAX_ENTRIES": env_int("FOODTRACE_LOCAL_CACHE_ENTRIES", 5000)}}}
if CACHE_URL:
    import importlib.util

    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured("FOODTRACE_CACHE_URL/REDIS_URL is set but redis-py is not installed "
                                   "(pip install redis)")
    # Django's RedisCache, reusing its redis-py clients (foodtrace/public/rediscache.py says why).
    CACHES = {"default": {"BACKEND": "foodtrace.public.rediscache.RedisCache", "LOCATION": CACHE_URL}}

# Public look-up (docs/public.md). Where the pages' invalidation stamps live: "cache" (shared: Redis), "db"
# (any number of processes without Redis), or empty to choose by the cache backend.
FOODTRACE_PUBLIC_STAMPS = env("FOODTRACE_PUBLIC_STAMPS", "")
# How long a rendered product page is kept (seconds); a change to its data replaces it at once anyway.
FOODTRACE_PUBLIC_CACHE_SECONDS = env_int("FOODTRACE_PUBLIC_CACHE_SECONDS", 86400)
# Pages each worker also keeps in its own memory (checked against the stamps like the shared copies).
FOODTRACE_PUBLIC_LOCAL_PAGES = env_int("FOODTRACE_PUBLIC_LOCAL_PAGES", 500)
# A page rendered less than this long after a change to its data is not reused (clock skew between servers).
FOODTRACE_PUBLIC_CLOCK_SKEW_MS = env_int("FOODTRACE_PUBLIC_CLOCK_SKEW_MS", 1000)
# Benchmarks only: honour the X-FoodTrace-No-Cache request header (recompute the chain on every request).
FOODTRACE_PUBLIC_BENCH_BYPASS = env_bool("FOODTRACE_PUBLIC_BENCH_BYPASS", False)
# The ratings and problem-report panel (foodtrace.participation) on product pages, when that app is installed.
FOODTRACE_PUBLIC_PARTICIPATION_PANEL = env_bool("FOODTRACE_PUBLIC_PARTICIPATION_PANEL", True)
# Counterfeit signs for a unit code (sgtin): more scans than this within the window, or two scans farther
# apart than the distance within the distance window.
FOODTRACE_SCAN_LIMIT = env_int("FOODTRACE_SCAN_LIMIT", 20)
FOODTRACE_SCAN_LIMIT_HOURS = env_int("FOODTRACE_SCAN_LIMIT_HOURS", 24)
FOODTRACE_SCAN_DISTANCE_KM = env_int("FOODTRACE_SCAN_DISTANCE_KM", 300)
FOODTRACE_SCAN_DISTANCE_HOURS = env_int("FOODTRACE_SCAN_DISTANCE_HOURS", 6)
# Look-ups are recorded in batches of this many (1: at once; production default 20), at the latest after this
# many seconds, and when the process exits (a killed process loses at most one batch).
FOODTRACE_SCAN_BATCH = env_int("FOODTRACE_SCAN_BATCH", 20 if PRODUCTION else 1)
FOODTRACE_SCAN_BATCH_SECONDS = env_int("FOODTRACE_SCAN_BATCH_SECONDS", 2)
# Kiosk (查询机): back to the start screen after this many seconds without use (?idle= may shorten it).
FOODTRACE_KIOSK_IDLE_SECONDS = env_int("FOODTRACE_KIOSK_IDLE_SECONDS", 60)

# Public participation (docs/participation.md): per-address limits per hour (reports, ratings, failed checks) and
# the salt of the stored address hashes (empty: derived from DJANGO_SECRET_KEY).
PARTICIPATION_REPORTS_PER_HOUR = env_int("FOODTRACE_REPORTS_PER_HOUR", 5)
PARTICIPATION_RATINGS_PER_HOUR = env_int("FOODTRACE_RATINGS_PER_HOUR", 20)
PARTICIPATION_FAILURES_PER_HOUR = env_int("FOODTRACE_PARTICIPATION_FAILURES_PER_HOUR", 30)
PARTICIPATION_ADDRESS_SALT = env_secret("FOODTRACE_ADDRESS_SALT", "")

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Background work (django-tasks with its database backend: a worker is `manage.py db_worker`, needs no server
# beyond the database, and several may run at once).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
