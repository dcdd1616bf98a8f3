"""PDFs from HTML with WeasyPrint: the one pipeline, for certificates and competency reports.

Only files shipped in the ``lms`` package are ever fetched (stylesheets, fonts, images): the URL
fetcher refuses the network, ``data:`` URIs and every other file, so text from the database in a
template cannot make the renderer read anything. The fonts are the DejaVu families in
``lms/core/fonts/`` (``fonts.css`` names them "LMS Sans" and "LMS Serif"), never the system's:
a PDF looks the same on every server.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML, Attachment
from weasyprint.urls import URLFetcher

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
FONTS_CSS = Path(__file__).resolve().parent / "fonts" / "fonts.css"
# What a document may load; anything else in the package (code, data) stays out of reach.
DOCUMENT_FILES = {".css", ".ttf", ".otf", ".png", ".jpg", ".jpeg", ".svg"}


class ForbiddenResource(ValueError):
    pass


class PackagedFilesOnly(URLFetcher):
    """Fetches ``file:`` URLs of document files inside the package; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"})

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return (
            path.is_relative_to(PACKAGE_ROOT)
            and path.suffix.lower() in DOCUMENT_FILES
            and path.is_file()
        )

    def fetch(self, url, headers=None):
        if not self.allows(url):
            raise ForbiddenResource(f"a PDF may not load {url[:80]!r}")  # i18n: a safety net
        return super().fetch(url, headers)


@cache
def _font_config():
    # One per process, reused across documents: font loading is the slow part of a batch, and
    # the fonts are the package's, the same for every app.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(
    html: str,
    *,
    base: Path = PACKAGE_ROOT,
    stylesheets: Sequence[Path] = (),
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """The PDF of ``html``; relative URLs resolve against ``base`` (a folder of the package),
    the packaged fonts come first, then ``stylesheets`` (packaged files too)."""
    fetcher, fonts = PackagedFilesOnly(), _font_config()
    sheets = [
        CSS(filename=str(path), url_fetcher=fetcher, font_config=fonts)
        for path in (FONTS_CSS, *stylesheets)
    ]
    document = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets, attachments=list(attachments), font_config=fonts)
