"""``lms certificates status-list``: write the signed revocation list to a file, from this
site's database or downloaded from a site's address, for a verifier that works offline
(``status_check.check_status``)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from urllib.error import URLError

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.certificates.cli import certificates_group
from lms.certificates.signing import SigningKeyMissing
from lms.certificates.status_check import LIST_TYPE, MAX_LIST_BYTES
from lms.certificates.status_publish import build_list, kept_list, list_count
from lms.core.cli import fail
from lms.core.unit_of_work import all_or_nothing

DOWNLOAD_TIMEOUT_S = 20


def _download(url: str) -> bytes:
    if not url.startswith(("https://", "http://")):
        fail(_("%(url)s: not a web address", url=url))
    headers = {"Accept": "application/vc, application/json"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (web schemes only)
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response:  # noqa: S310
            body = response.read(MAX_LIST_BYTES + 1)
    except (URLError, OSError, ValueError) as exc:
        fail(_("%(url)s: could not download the status list (%(error)s)", url=url, error=exc))
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if (
        len(body) > MAX_LIST_BYTES
        or not isinstance(data, dict)
        or LIST_TYPE not in data.get("type", [])
    ):
        fail(_("%(url)s: this is not a status list", url=url))
    return body


@certificates_group.command("status-list")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--number", type=click.IntRange(min=1), default=1, show_default=True, help="Which list."
)
@click.option("--url", default=None, help="Download the list from this address instead.")
@with_appcontext
def status_list_command(out: Path, number: int, url: str | None) -> None:
    """Write the signed revocation status list (W3C Bitstring Status List) to OUT."""
    if url:
        body = _download(url)
    else:
        if not 1 <= number <= list_count():
            fail(_("There is no status list number %(number)s.", number=number))
        try:
            with all_or_nothing():
                record = kept_list(number) or build_list(number)
        except SigningKeyMissing as exc:
            fail(str(exc))
        body = record.credential_json.encode()
    try:
        out.write_bytes(body)
    except OSError as exc:
        fail(_("%(path)s: cannot write (%(error)s)", path=out, error=exc.strerror))
    click.echo(_("Status list written to %(path)s.", path=out))
