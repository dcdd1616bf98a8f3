"""Sending e-mail over SMTP, with the settings of ``LMS_MAIL_URL``.

``smtp://user:password@host:587?starttls=1&from=lms@example.tm`` (or ``smtps://`` for TLS from
the start; ``timeout=`` in seconds). Unset, nothing is sent: e-mails wait in the outbox and the
admins' outbox page says that mail is off. A malformed URL stops the app at start-up.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from lms.core.config import ConfigError

DEFAULT_TIMEOUT_S = 20
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    tls: bool = False  # smtps://: TLS from the first byte
    starttls: bool = False
    timeout: float = DEFAULT_TIMEOUT_S

    def __repr__(self) -> str:  # never show the password in a log or a traceback
        return f"MailSettings({self.host}:{self.port}, from {self.sender})"


def _flag(name: str, values: dict[str, list[str]]) -> bool:
    value = values.get(name, ["0"])[-1].lower()
    if value not in _TRUE + _FALSE:
        raise ConfigError(f"LMS_MAIL_URL: {name}= must be 1 or 0")  # i18n: setup
    return value in _TRUE


def parse_mail_url(url: str | None) -> MailSettings | None:
    """The SMTP settings of ``url``; None when it is empty (mail is off)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"LMS_MAIL_URL is malformed ({exc})") from exc  # i18n: setup
    if parts.scheme not in ("smtp", "smtps"):
        raise ConfigError("LMS_MAIL_URL must start with smtp:// or smtps://")  # i18n: setup
    if not parts.hostname:
        raise ConfigError("LMS_MAIL_URL names no host")  # i18n: setup
    values = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(values) - {"starttls", "from", "timeout"}
    if unknown:
        raise ConfigError(
            f"LMS_MAIL_URL: unknown settings {', '.join(sorted(unknown))}"  # i18n: setup
        )
    sender = values.get("from", [""])[-1]
    if "@" not in parseaddr(sender)[1]:
        raise ConfigError("LMS_MAIL_URL needs from=<the sender's address>")  # i18n: setup
    try:
        timeout = float(values.get("timeout", [DEFAULT_TIMEOUT_S])[-1])
    except ValueError as exc:
        raise ConfigError("LMS_MAIL_URL: timeout= must be seconds") from exc  # i18n: setup
    tls = parts.scheme == "smtps"
    starttls = _flag("starttls", values)
    if tls and starttls:
        raise ConfigError("LMS_MAIL_URL: smtps:// and starttls=1 exclude each other")  # i18n: setup
    return MailSettings(
        host=parts.hostname,
        port=port or (465 if tls else 25),
        sender=sender,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=tls,
        starttls=starttls,
        timeout=timeout if timeout > 0 else DEFAULT_TIMEOUT_S,
    )


def message(settings: MailSettings, to: str, subject: str, body: str, language: str):
    """A plain-text e-mail (UTF-8), marked with its language."""
    mail = EmailMessage()
    mail["From"] = settings.sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(body)  # replaces the Content-* headers: the language comes after
    mail["Content-Language"] = language
    return mail


def connect(settings: MailSettings) -> smtplib.SMTP:
    """An open, logged-in SMTP connection (the caller quits it)."""
    if settings.tls:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host,
            settings.port,
            timeout=settings.timeout,
            context=ssl.create_default_context(),
        )
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            smtp.login(settings.username, settings.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def is_permanent(exc: Exception) -> bool:
    """A refusal that sending again will not change (a 5xx answer, a refused address)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):  # {address: (code, text)}: 451 is for now
        return bool(exc.recipients) and all(
            500 <= code < 600 for code, _text in exc.recipients.values()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600 and not isinstance(exc, smtplib.SMTPAuthenticationError)
    return False
