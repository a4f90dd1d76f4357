"""Settings for the Liuyang key-project platform.

Everything a deployment changes comes from the environment (see README's table).
With no environment at all the platform runs embedded: SQLite under ``var/``,
tasks in-process, cache in memory.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The fallback key only exists so that `make run` and the tests start without
# configuration; `check --deploy` flags it (security.W009) and docker-compose
# refuses to start without a real one.
SECRET_KEY = env("SECRET_KEY", "django-insecure-liuyang-development-key-not-for-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "django_celery_beat",
    "liuyang",
    "accounts",
    "projects",
    "reserve",
    "approvals",
    "issues",
    "notifications",
    "assessment",
    "dashboards",
    "exports",
    "investment",
]

MIDDLEWARE = [
    # first, so that every answer (an HTTPS redirect, a bad Host's 400) has an id and an access line
    "liuyang.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "liuyang.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "liuyang.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "liuyang.security.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "liuyang.urls"
WSGI_APPLICATION = "liuyang.wsgi.application"
ASGI_APPLICATION = "liuyang.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "liuyang.context_processors.platform",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]
FORM_RENDERER = "liuyang.forms.BootstrapFormRenderer"

# Database: DATABASE_URL, or the embedded SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'liuyang.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The status lights are a few correlated subqueries; PostgreSQL's JIT spends seconds
    # compiling such plans for a query that runs in milliseconds (see docs/bench.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# 等保2.0 三级 身份鉴别: at least PASSWORD_MIN_LENGTH characters of 3 of the 4 classes (docs/security.md).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutModelBackend"]
# 登录失败处理: this many failures for one username within the window lock it for LOGIN_LOCKOUT_MINUTES.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 30)
# 登录连接超时: a session idle this many minutes is signed out; a closed browser ends the session.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# 安全审计: change history and the security log are kept at least this many days (nothing deletes younger rows).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 180)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and time: Simplified Chinese first, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on a missing root
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Cache: Redis when REDIS_URL is set, memory otherwise. While Redis is down every cache call
# is a miss with a logged warning (liuyang/cache.py), never an error page.
REDIS_URL = env("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "liuyang.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: a real broker when CELERY_BROKER_URL is set; otherwise tasks run
# in-process so the embedded default needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", "") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues a task must not hang on a broker that is down: one retry, then the
# caller's fallback (the outbox and the export sweep pick the work up once Redis is back).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}

# Email
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "浏阳市重点办 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Behind HTTPS (the production default) every cookie is secure and
# HSTS is on; an intranet without TLS turns these off explicitly.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy on every response (liuyang.security): only the platform's own files.
# Style attributes stay allowed (style-src-attr): progress bars and charts set widths inline.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated API call gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["liuyang.api.permissions.PolicyPermission"],
    "DEFAULT_PAGINATION_CLASS": "liuyang.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": ["liuyang.api.pagination.StrictFilterBackend"],
    # drf-spectacular's, plus the 400/401/403/404/409 responses each operation really gives
    "DEFAULT_SCHEMA_CLASS": "liuyang.api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "liuyang.api.exceptions.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "浏阳市重点项目管理平台 API",
    "DESCRIPTION": "重点项目、储备库、审批、问题清零与考核的接口。金额单位：万元。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name per choice set, whatever a field calls it (tier, new_tier, from_tier …).
    "ENUM_NAME_OVERRIDES": {
        "ReserveTierEnum": "reserve.choices.Tier",
        "IssueStatusEnum": "issues.choices.IssueStatus",
        "IssueLevelEnum": "issues.choices.IssueLevel",
        "ReserveEntryStatusEnum": "reserve.choices.EntryStatus",
        "ReserveMoveKindEnum": "reserve.choices.MoveKind",
        "EvaluationRoundStatusEnum": "reserve.choices.RoundStatus",
        "EvaluationDecisionEnum": "reserve.choices.Decision",
        "PlanCategoryEnum": "reserve.choices.PlanCategory",
        "PlanSourceEnum": "reserve.choices.PlanSource",
        "ReportFrequencyEnum": "projects.choices.ReportFrequency",
        "MilestonePhaseEnum": "projects.choices.MilestonePhase",
        "AssessmentPeriodKindEnum": "assessment.choices.PeriodKind",
        "ToleranceDecisionEnum": "assessment.choices.ToleranceDecision",
        "OutcomeKindEnum": "assessment.choices.OutcomeKind",
        "ProjectStageEnum": "projects.choices.ProjectStage",
        "LeadStageEnum": "investment.choices.LeadStage",
        "LeadJournalKindEnum": "investment.choices.JournalKind",
        "ChainLinkStatusEnum": "investment.choices.LinkStatus",
        "FundKindEnum": "investment.choices.FundKind",
        "FundInvestmentStatusEnum": "investment.choices.InvestmentStatus",
        "ElementKindEnum": "investment.choices.ElementKind",
        "ElementStatusEnum": "investment.choices.ElementStatus",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# Logs: one JSON object a line with the request id, user id and path (or the Celery task id)
# of the record (liuyang/logging.py); LOG_FORMAT=text, the default with DEBUG, for a terminal.
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ValueError(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "liuyang.logging.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "liuyang.logging.JsonFormatter"},
        "text": {"()": "liuyang.logging.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

PLATFORM_NAME = _("浏阳市重点项目管理平台")

# 精准谋划: a pool project not evaluated for this many months is due for evaluation.
RESERVE_EVALUATION_DUE_MONTHS = env_int("RESERVE_EVALUATION_DUE_MONTHS", 6)
# Excel intake: the largest spreadsheet the office may upload (bytes).
RESERVE_IMPORT_MAX_BYTES = env_int("RESERVE_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
RESERVE_IMPORT_MAX_ROWS = env_int("RESERVE_IMPORT_MAX_ROWS", 2000)

# 精准服务: progress reports and status lights (defaults: DOMAIN-PRACTICE, Yinchuan's rule).
PROGRESS_MONTHLY_DUE_DAY = env_int("PROGRESS_MONTHLY_DUE_DAY", 5)
PROGRESS_WEEKLY_DUE_WEEKDAY = env_int("PROGRESS_WEEKLY_DUE_WEEKDAY", 4)
PROGRESS_PHOTO_MAX_BYTES = env_int("PROGRESS_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
PROGRESS_PHOTO_MAX_PIXELS = env_int("PROGRESS_PHOTO_MAX_PIXELS", 50_000_000)
LIGHT_YELLOW_BEHIND_POINTS = env_int("LIGHT_YELLOW_BEHIND_POINTS", 10)
LIGHT_RED_BEHIND_POINTS = env_int("LIGHT_RED_BEHIND_POINTS", 30)
LIGHT_START_MISSED_RED_MONTHS = env_int("LIGHT_START_MISSED_RED_MONTHS", 3)
LIGHT_OVERDUE_MILESTONES_YELLOW = env_int("LIGHT_OVERDUE_MILESTONES_YELLOW", 1)
LIGHT_OVERDUE_MILESTONES_RED = env_int("LIGHT_OVERDUE_MILESTONES_RED", 3)
LIGHT_OVERDUE_ISSUES_YELLOW = env_int("LIGHT_OVERDUE_ISSUES_YELLOW", 1)
LIGHT_OVERDUE_ISSUES_RED = env_int("LIGHT_OVERDUE_ISSUES_RED", 2)

# 精准服务: 容缺受理 + 并联审批 (defaults: DOMAIN-PRACTICE, Taizhou's rule).
# A supplement past its deadline suspends the item; supplied within this many working days
# it resumes, otherwise the case is returned (退件).
APPROVAL_SUPPLEMENT_GRACE_DAYS = env_int("APPROVAL_SUPPLEMENT_GRACE_DAYS", 15)
# An applicant whose earlier case was returned for a broken promise may not use 容缺 for this long.
APPROVAL_BROKEN_PROMISE_BAR_DAYS = env_int("APPROVAL_BROKEN_PROMISE_BAR_DAYS", 365)
# The largest material file the single window accepts (bytes); PDF, JPEG and PNG only.
APPROVAL_MATERIAL_MAX_BYTES = env_int("APPROVAL_MATERIAL_MAX_BYTES", 20 * 1024 * 1024)
APPROVAL_WINDOW_NAME = env("APPROVAL_WINDOW_NAME", "浏阳市政务服务中心工程建设项目审批综合窗口")

# 精准服务 (3): the issue-clearing ledger and the background work.
# The address links in emails start with.
PLATFORM_URL = env("PLATFORM_URL", "http://127.0.0.1:8000")
# Working days an escalated issue gets at its new level: "level:days,…" (Tonglu's ladder).
ISSUE_ESCALATION_DAYS = {
    int(level): int(days)
    for level, days in (part.split(":") for part in env_list("ISSUE_ESCALATION_DAYS", "2:5,3:5,4:10"))
}
# An open issue whose deadline is this many working days away or nearer counts as "due soon" (yellow).
ISSUE_DUE_SOON_DAYS = env_int("ISSUE_DUE_SOON_DAYS", 3)
# Redis redelivers a task whose worker died (acks_late) once it has been unacknowledged this
# many seconds; it must exceed the longest task (time_limit 600 s) and retry countdown.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_connect_timeout": 2,  # Redis's transport ignores broker_connection_timeout
}
if env("CELERY_UNACKED_RESTORE_INTERVAL"):
    # how often a worker looks for such tasks (seconds); only tests need it short
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        unacked_restore_interval=env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10), unacked_restore_throttle=1
    )
# Test hook: seconds the weekly digest run waits per task force, so a worker test can kill a
# worker in the middle of a run. Honoured only with ALLOW_TEST_HOOKS=1; never set in production.
DIGEST_TEST_DELAY = float(env("DIGEST_TEST_DELAY", "0") or 0) if env_bool("ALLOW_TEST_HOOKS") else 0.0
# Test hook: seconds an export job waits once it is running, so a fault test can kill its worker.
EXPORT_TEST_DELAY = float(env("EXPORT_TEST_DELAY", "0") or 0) if env_bool("ALLOW_TEST_HOOKS") else 0.0

# 精准考核: grade bands ("grade:at least", high to low), who is in scope, and the outcome rules.
ASSESSMENT_GRADE_BANDS = [
    (grade, int(points))
    for grade, points in (
        part.split(":") for part in env_list("ASSESSMENT_GRADE_BANDS", "excellent:90,good:80,pass:60,fail:0")
    )
]
ASSESSMENT_STAGES = env_list("ASSESSMENT_STAGES", "preparation,construction,completed,operating")
# The best-ranked excellent projects: this many commended, of them this many also rewarded.
ASSESSMENT_COMMEND_TOP = env_int("ASSESSMENT_COMMEND_TOP", 10)
ASSESSMENT_REWARD_TOP = env_int("ASSESSMENT_REWARD_TOP", 3)
# A vetoed project, or one scoring below this, is proposed for accountability (问责); a failing
# grade above it for an interview reminder (约谈提醒).
ASSESSMENT_ACCOUNTABILITY_BELOW = env_int("ASSESSMENT_ACCOUNTABILITY_BELOW", 40)
# Exported workbooks are kept this many days after they are done, then deleted (nightly).
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7)
# A job still queued this many minutes after it was started is queued again (its message never
# reached the broker: Redis was down); the sweep runs every five minutes.
EXPORT_REQUEUE_MINUTES = env_int("EXPORT_REQUEUE_MINUTES", 10)
