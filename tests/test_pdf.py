"""The one PDF pipeline (lms.core.pdf): packaged files and packaged fonts, nothing else."""

import io

import pypdf
import pytest

from lms.core import pdf
from lms.core.pdf import FONTS_CSS, PackagedFilesOnly, render_pdf

FONT_DIR = FONTS_CSS.parent


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the renderer asks for, and whether it was served."""
    asked: list[tuple[str, bool]] = []
    fetch = PackagedFilesOnly.fetch

    def spy(self, url, headers=None):
        try:
            result = fetch(self, url, headers)
        except ValueError:
            asked.append((url, False))
            raise
        asked.append((url, True))
        return result

    monkeypatch.setattr(PackagedFilesOnly, "fetch", spy)
    pdf._font_config.cache_clear()  # a fresh font configuration loads the fonts again
    return asked


def _font_names(body: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(body))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_the_fonts_ship_with_the_package_and_their_licence():
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "LICENSE-DejaVu.txt"):
        assert (FONT_DIR / name).is_file()
    assert "/usr/share" not in FONTS_CSS.read_text(encoding="utf-8")


def test_the_competencies_report_embeds_the_packaged_font(fetched):
    from lms.competencies.pdf import STYLESHEET, render_report_pdf, stylesheet_url

    assert "/usr/share" not in STYLESHEET.read_text(encoding="utf-8")
    html = f'<html><head><link rel="stylesheet" href="{stylesheet_url()}"></head>'
    body = render_report_pdf(html + "<body><p>Ýazgül Аннаев: 42,5 %</p></body></html>")
    # The @font-face family of lms/core/fonts/fonts.css, not a font the system has.
    assert {name.split("+")[-1] for name in _font_names(body)} == {"LMS-Sans"}
    served = {url for url, ok in fetched if ok}
    assert (FONT_DIR / "DejaVuSans.ttf").as_uri() in served
    assert all(url.startswith(pdf.PACKAGE_ROOT.as_uri()) for url in served)


@pytest.mark.parametrize(
    "hostile",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        '<img src="https://example.org/logo.png">',
        "<style>@font-face { font-family: X; src: url(file:///etc/passwd); }"
        " p { font-family: X; }</style>",
        '<img src="../../../../../../../../etc/passwd">',
    ],
)
def test_a_template_asking_for_anything_else_gets_nothing(fetched, hostile):
    body = render_pdf(f"<html><body>{hostile}<p>Ýazgül</p></body></html>")
    assert body.startswith(b"%PDF")
    served = [url for url, ok in fetched if ok]
    assert served and all(url.startswith(FONT_DIR.as_uri()) for url in served), served
    assert any(not ok for _url, ok in fetched)  # asked, refused
    assert b"root:" not in body


def test_the_certificate_uses_the_same_pipeline(monkeypatch):
    from lms.certificates import pdf as certificates

    assert certificates.render_pdf is render_pdf
