"""Settings from ``LMS_*`` environment variables.

Every setting has a development default so that a fresh clone runs with no configuration; in
production (``LMS_ENV=production``) the secret key must come from the environment.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from lms.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, language_or

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The default curricula copied into the package when the wheel is built (build_hooks.py): an
# installed platform has no source checkout to read ./content from.
PACKAGED_CONTENT = Path(__file__).resolve().parents[1] / "default_content"


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


def _normalise_database_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs (SQLAlchemy would pick psycopg2 otherwise)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _default_language(env: Mapping[str, str]) -> str:
    """LMS_DEFAULT_LANGUAGE when it names a supported language; Turkmen otherwise."""
    return language_or(env.get("LMS_DEFAULT_LANGUAGE"), DEFAULT_LANGUAGE)


def _cli_language(env: Mapping[str, str]) -> str:
    """LMS_CLI_LANGUAGE, else the POSIX locale's language if supported, else English."""
    chosen = env.get("LMS_CLI_LANGUAGE")
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            language = value.split(".")[0].split("_")[0].lower()
            return language_or(language, "en")
    return "en"


def _secret_key(env: dict[str, str], instance_path: Path, production: bool) -> str:
    key = env.get("LMS_SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError(
            "LMS_SECRET_KEY must be set "
            "when LMS_ENV=production"  # i18n: raised before the app (and its language) exists
        )
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEFAULT_SIGNATORIES = (
    '[{"name": "Programme Director", "title_tk": "Maksatnamanyň direktory", '
    '"title_en": "Director of the national social work training programme"}]'
)


def _switch(env: Mapping[str, str], key: str, default: bool = True) -> bool:
    """An on/off setting: 0, false, off or no turn it off; anything else (or unset) leaves the
    default."""
    value = env.get(key)
    if value is None or not value.strip():
        return default
    return value.strip().lower() not in ("0", "false", "off", "no")


def speed_tricks(env: Mapping[str, str]) -> dict[str, bool]:
    """Shortcuts for speed, each on a library's public extension point, in one module and behind
    one switch, so that what it buys can be measured (``bench/tricks.py``: each was kept for
    buying at least 10 % on a key page) and a suspected fault ruled out by turning it off."""
    return {
        # lms.core.navigation: fixed parts of pages rendered once per process.
        "CACHE_FRAGMENTS": _switch(env, "LMS_CACHE_FRAGMENTS"),
        # lms.core.database: pool_pre_ping replaced by a ping after 10 idle seconds.
        "PING_IDLE_CONNECTIONS_ONLY": _switch(env, "LMS_PING_IDLE_CONNECTIONS_ONLY"),
        # lms.core.database: reading requests on PostgreSQL without BEGIN and ROLLBACK.
        "READS_IN_AUTOCOMMIT": _switch(env, "LMS_READS_IN_AUTOCOMMIT"),
    }


def _json_setting(env: dict[str, str], key: str, default: str) -> object:
    try:
        return json.loads(env.get(key, default))
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{key} must be JSON "
            f"({exc.msg})"  # i18n: raised before the app (and its language) exists
        ) from exc


def default_content_dir() -> Path:
    """``content/`` of a source checkout, else the curricula shipped in the package."""
    checkout = PROJECT_ROOT / "content"
    # pyproject.toml tells a checkout from site-packages, where a "content" folder could be
    # another distribution's.
    if (PROJECT_ROOT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return PACKAGED_CONTENT


def configured_content_dir(env: Mapping[str, str] | None = None) -> Path:
    """LMS_CONTENT_DIR when set, else the default curricula (what the app and
    ``lms content check`` read)."""
    chosen = (os.environ if env is None else env).get("LMS_CONTENT_DIR")
    return Path(chosen) if chosen else default_content_dir()


def _content_dir(env: Mapping[str, str], production: bool) -> Path:
    """In production, a content folder that is not there stops the app at start rather than
    serving an empty catalogue."""
    path = configured_content_dir(env)
    if production and not path.is_dir():
        raise ConfigError(
            f"LMS_CONTENT_DIR: {path} is not a folder "
            "(the curricula are read from it)"  # i18n: raised before the app's language exists
        )
    return path


def load_settings(instance_path: Path, env: dict[str, str] | None = None) -> dict[str, object]:
    """Build the Flask config mapping from the environment."""
    env = dict(os.environ if env is None else env)
    production = env.get("LMS_ENV", "development") == "production"
    default_db = f"sqlite:///{instance_path / 'lms.sqlite3'}"
    return {
        "ENV_NAME": "production" if production else "development",
        "SECRET_KEY": _secret_key(env, instance_path, production),
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(env.get("LMS_DATABASE_URL", default_db)),
        # pool_pre_ping is added by lms.core.database.engine_options when idle connections are
        # not pinged on their own (PING_IDLE_CONNECTIONS_ONLY off).
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "CONTENT_DIR": _content_dir(env, production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "lms_session",
        # Sessions end after this long without a request (lms.accounts.idle).
        # The cookie is sent again only when the session changes (lms.accounts.idle moves its
        # clock on after a twentieth of the idle limit), not with every page: bytes count on a
        # slow link.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "STAFF_IDLE": timedelta(minutes=int(env.get("LMS_STAFF_IDLE_MINUTES", "120"))),
        "TRAINEE_IDLE": timedelta(days=int(env.get("LMS_TRAINEE_IDLE_DAYS", "7"))),
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": _default_language(env),
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ashgabat",
        "LANGUAGES": LANGUAGES,
        "CLI_LANGUAGE": _cli_language(env),
        # werkzeug's scrypt defaults (n=2**15, r=8, p=1); tests lower the cost for speed.
        "PASSWORD_HASH_METHOD": "scrypt",
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_WINDOW": timedelta(minutes=15),
        "LOGIN_LOCKOUT": timedelta(minutes=15),
        # Per client address, whatever the username (a password-spraying client is slowed).
        "LOGIN_RATE_LIMIT": env.get("LMS_LOGIN_RATE_LIMIT", "10 per minute;60 per hour"),
        # Per client address: refused API tokens (a client guessing secrets gets 429).
        "API_TOKEN_FAILURE_LIMIT": env.get(
            "LMS_API_TOKEN_FAILURE_LIMIT", "20 per minute;100 per hour"
        ),
        "RATELIMIT_STORAGE_URI": env.get("LMS_RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "PUBLIC_URL": env.get("LMS_PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        "SIGNING_KEY_FILE": Path(
            env.get("LMS_SIGNING_KEY_FILE", instance_path / "issuer-ed25519.pem")
        ),
        # The issuer's retired public keys: a JWK Set written by `lms certificates keygen --rotate`.
        "RETIRED_KEYS_FILE": Path(
            env.get("LMS_RETIRED_KEYS_FILE", instance_path / "issuer-retired-keys.json")
        ),
        "ISSUER_NAME": env.get(
            "LMS_ISSUER_NAME", "National Social Work Training Programme of Turkmenistan"
        ),
        "CERTIFICATE_SIGNATORIES": _json_setting(
            env, "LMS_CERTIFICATE_SIGNATORIES", DEFAULT_SIGNATORIES
        ),
        "POOL_PUBLIC_FIELDS": tuple(
            f
            for f in env.get("LMS_POOL_PUBLIC_FIELDS", "name,velayat,status,modules").split(",")
            if f
        ),
        # Pool membership stays active while the member trained at least POOL_RENEWAL_MIN_COHORTS
        # cohorts in the last POOL_RENEWAL_YEARS years (and for that long after certification).
        "POOL_RENEWAL_YEARS": int(env.get("LMS_POOL_RENEWAL_YEARS", "3")),
        "POOL_RENEWAL_MIN_COHORTS": int(env.get("LMS_POOL_RENEWAL_MIN_COHORTS", "1")),
        # The published revocation list is signed for this long (verifiers call an older one
        # stale) and signed again when half of it has passed or a certificate's status changes.
        "STATUS_LIST_VALIDITY": timedelta(
            hours=int(env.get("LMS_STATUS_LIST_VALIDITY_HOURS", "24"))
        ),
        "VERIFY_RATE_LIMIT": int(env.get("LMS_VERIFY_RATE_LIMIT", "30")),  # per minute per address
        # Proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none).
        "PROXY_HOPS": int(env.get("LMS_PROXY_HOPS", "0")),
        # National reports are kept this many seconds (0: computed on every view).
        "REPORT_MAX_AGE": int(env.get("LMS_REPORT_MAX_AGE", "300")),
        # The job queue (lms.jobs.queue): redis://... in production; unset, a SQLite file
        # beside the SQLite database.
        "QUEUE_URL": env.get("LMS_QUEUE_URL", ""),
        # SMTP (lms.core.mail): smtp://user:password@host:587?starttls=1&from=...; unset, the
        # e-mails wait in the outbox. The outbox sends each one at most this many times.
        "MAIL_URL": env.get("LMS_MAIL_URL", ""),
        "MAIL_ATTEMPTS": int(env.get("LMS_MAIL_ATTEMPTS", "5")),
        # The daily digests are written from this local hour on (Asia/Ashgabat).
        "DIGEST_HOUR": int(env.get("LMS_DIGEST_HOUR", "8")),
        # Trainees who have not passed a quiz are told this many days before it closes.
        "QUIZ_CLOSING_DAYS": int(env.get("LMS_QUIZ_CLOSING_DAYS", "2")),
        # A job's file (an export) can be downloaded for this many hours, then it is deleted.
        "JOB_DOWNLOAD_HOURS": int(env.get("LMS_JOB_DOWNLOAD_HOURS", "24")),
        # A Learning Record Store (lms.xapi.delivery): its xAPI endpoint, e.g.
        # https://lrs.example.org/xapi/ (key:secret@ may be in it); unset, nothing is sent.
        "LRS_URL": env.get("LMS_LRS_URL", ""),
        "LRS_USERNAME": env.get("LMS_LRS_USERNAME", ""),
        "LRS_PASSWORD": env.get("LMS_LRS_PASSWORD", ""),
        **speed_tricks(env),
    }
