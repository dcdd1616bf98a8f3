"""One list of languages (lms.i18n.languages); everything that names languages derives from it."""

import dataclasses

from lms.i18n import languages
from lms.i18n.languages import LANGUAGE_NAMES, LANGUAGES, bilingual_pair


def test_the_list_and_its_names():
    assert LANGUAGES == ("tk", "ru", "en")
    assert LANGUAGE_NAMES == {"tk": "Türkmençe", "ru": "Русский", "en": "English"}
    assert languages.TRANSLATED_LANGUAGES == ("tk", "ru")


def test_every_consumer_derives_from_it(app):
    from lms.accounts.forms import LANGUAGE_CHOICES
    from lms.courses.catalogue import Titles
    from lms.courses.loader import LESSON_FILE
    from lms.i18n import catalogues, collation

    assert tuple(app.config["LANGUAGES"]) == LANGUAGES
    assert [code for code, _name in LANGUAGE_CHOICES[1:]] == list(LANGUAGES)
    assert set(collation._TABLES) == set(LANGUAGES)
    assert {f.name for f in dataclasses.fields(Titles)} == set(LANGUAGES)
    assert catalogues.TRANSLATED_LANGUAGES == languages.TRANSLATED_LANGUAGES
    assert [LESSON_FILE.match(f"01-intro.{code}.md") is not None for code in LANGUAGES] == [
        code in languages.TRANSLATED_LANGUAGES for code in LANGUAGES
    ]


def test_titles_and_regions_read_every_language(app):
    from lms.accounts.models import Region
    from lms.courses.catalogue import Titles

    titles = Titles.of({"en": "Ethics", "ru": "Этика", "tk": "Etika", "de": "Ethik"})
    assert [titles.get(code) for code in (*LANGUAGES, "de")] == [
        "Etika",
        "Этика",
        "Ethics",
        "Ethics",
    ]
    region = Region(name_tk="Aşgabat", name_ru="Ашхабад", name_en="Ashgabat")
    assert [region.name(code) for code in (*LANGUAGES, "xx")] == [
        "Aşgabat",
        "Ашхабад",
        "Ashgabat",
        "Ashgabat",
    ]


def test_bilingual_documents_pair_turkmen_with_the_readers_language():
    assert bilingual_pair("ru") == ("tk", "ru")
    assert bilingual_pair("en") == ("tk", "en")
    assert bilingual_pair("tk") == ("tk", "en")
    assert bilingual_pair("de") == ("tk", "en")
