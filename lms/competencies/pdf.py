"""PDF reports (coverage matrix, gap report) made with WeasyPrint from HTML.

The URL fetcher only opens files inside this package (the report stylesheet) and the DejaVu
Sans fonts, which cover Turkmen (ä ç ň ö ş ü ý ž) and Cyrillic; anything else, data: URIs and
the network included, is refused, so text from the database cannot make the renderer fetch.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher

PACKAGE_DIR = Path(__file__).resolve().parent
# The certificates package will ship fonts of its own; until then the system's DejaVu Sans.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
STYLESHEET = PACKAGE_DIR / "templates" / "competencies" / "pdf" / "report.css"


class PackageOnlyFetcher(URLFetcher):
    """Serve ``file:`` URLs of allowed files; refuse every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",))
        self.allowed_fonts = {(FONT_DIR / name).resolve() for name in FONT_FILES}

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return path in self.allowed_fonts or (path.is_relative_to(PACKAGE_DIR) and path.is_file())

    def fetch(self, url, headers=None):
        if not self.allows(url):
            raise ValueError(f"refused to fetch {url[:80]}")  # i18n: an internal safety net
        return super().fetch(url, headers)


def stylesheet_url() -> str:
    """For the report templates' ``<link rel="stylesheet">`` (A4 landscape, DejaVu Sans)."""
    return STYLESHEET.as_uri()


def render_report_pdf(html: str) -> bytes:
    """A PDF of a report's HTML; only this package's files and the fonts are fetched."""
    fetcher = PackageOnlyFetcher()
    return HTML(string=html, base_url=PACKAGE_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf()
