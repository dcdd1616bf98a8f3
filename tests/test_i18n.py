"""Issue #8: every interface string is translatable and translated; locale-aware formatting,
alphabetical order and search; the translators' commands."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.catalog import Catalog
from flask_babel import force_locale, format_date, ngettext
from i18n_scan import scan_package, scan_python, scan_template

from lms.i18n import catalogues
from lms.i18n.collation import fold, sort_key, sorted_by_name
from lms.i18n.formatting import duration, hours, number, percent

# --- every user-facing string wrapped, every message translated -------------------------------


def test_no_user_facing_string_is_left_unwrapped():
    findings = scan_package()
    assert not findings, "wrap these for translation:\n" + "\n".join(map(str, findings))


def test_the_scanner_catches_unwrapped_python(tmp_path):
    source = tmp_path / "views.py"
    source.write_text(
        "def view(x):\n"
        "    flash('Entry saved.')\n"
        "    flash(_('Entry saved.'))\n"
        "    raise ServiceError(f'No cohort {x}.')\n"
        "    raise RuntimeError('not reached')\n"
        "    name = StringField('Full name', validators=[Length(max=3, message='Too long')])\n"
        "    problems.append(f'row {x}: unknown role')\n"
        "    abort(404, 'Nothing here')\n"
        "    fail('PDF')\n"
        "    raise ValueError('internal')  # i18n: programming error\n",
        encoding="utf-8",
    )
    found = {(f.line, f.text) for f in scan_python(source)}
    assert found == {
        (2, "Entry saved."),
        (4, "No cohort ."),
        (6, "Full name"),
        (6, "Too long"),
        (7, "row : unknown role"),
        (8, "Nothing here"),
    }


def test_the_scanner_catches_unwrapped_template_text(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        "{% extends 'base.html' %}\n"
        "<h1>{{ _('Lessons') }}</h1>\n"
        "<p>Lessons done</p>\n"
        '<input type="submit" value="Save"> <input placeholder="{{ _(\'Name\') }}">\n'
        '<a title="Open the lesson" href="{{ url }}">→</a> {# a comment #} CSV · PDF\n'
        "{# i18n: format example #}<p>XXXX-YYYY</p>{# /i18n #}\n",
        encoding="utf-8",
    )
    found = {(f.line, f.text) for f in scan_template(template)}
    assert found == {(3, "Lessons done"), (4, "Save"), (5, "Open the lesson")}


def test_every_wrapped_message_can_be_extracted_without_a_warning(capsys):
    """Babel skips (with a warning) any message whose call holds an f-string: it is then lost."""
    catalogues.extract()
    captured = capsys.readouterr()
    assert "warning" not in captured.out + captured.err


def test_turkmen_and_russian_catalogues_are_complete_current_and_compiled():
    for item in catalogues.coverage():
        assert not item.missing, f"{item.language}: untranslated: {list(item.missing)[:10]}"
        assert not item.fuzzy, f"{item.language}: fuzzy, needs review: {list(item.fuzzy)[:10]}"
        assert item.compiled_current, f"{item.language}: run `lms translations compile`"
    for language in (catalogues.SOURCE_LANGUAGE, *catalogues.TRANSLATED_LANGUAGES):
        assert catalogues.entry_problems(catalogues.read_catalogue(language)) == []


def test_a_translation_that_drops_a_placeholder_is_refused():
    catalogue = Catalog(locale="ru")
    catalogue.add("%(num)d of %(total)d lessons", "%(num)d уроков")
    catalogue.add(("%(num)d entry", "%(num)d entries"), ("%(num)d запись", "%(num)d записи"))
    problems = catalogues.entry_problems(catalogue)
    assert any("placeholders differ" in p for p in problems)
    assert any("3 plural forms expected" in p for p in problems)


def test_compile_refuses_a_broken_catalogue_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogues, "TRANSLATIONS_DIR", tmp_path)
    for language in ("en", "tk", "ru"):
        path = catalogues.po_path(language)
        path.parent.mkdir(parents=True)
        path.write_text(
            f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n\n'
            'msgid "Hello %(name)s"\nmsgstr "Salam %(nama)s"\n',
            encoding="utf-8",
        )
    with pytest.raises(catalogues.CatalogueError, match="placeholders differ"):
        catalogues.compile_all()
    assert not list(tmp_path.rglob("*.mo"))


def test_update_adds_new_messages_and_keeps_translations(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogues, "TRANSLATIONS_DIR", tmp_path)
    first = Catalog()
    first.add("Save")
    catalogues.update(first)
    ru = catalogues.read_catalogue("ru")
    ru["Save"].string = "Сохранить"
    catalogues._write(ru, catalogues.po_path("ru"))
    second = Catalog()
    second.add("Save")
    second.add(("%(num)d lesson", "%(num)d lessons"))
    added = catalogues.update(second)
    assert added == {"en": 1, "tk": 1, "ru": 1}
    ru = catalogues.read_catalogue("ru")
    assert ru["Save"].string == "Сохранить"
    assert ru["%(num)d lesson"].string == ("", "", "")  # waiting for a translator
    assert catalogues.read_catalogue("en")["Save"].string == "Save"


def test_one_english_word_in_two_contexts_is_translated_twice(tmp_path, monkeypatch):
    """A person's name is Имя, a region's Название: ``pgettext`` keeps them apart through
    update, coverage and compile."""
    monkeypatch.setattr(catalogues, "TRANSLATIONS_DIR", tmp_path)
    template = Catalog()
    template.add("Name", context="person")
    template.add("Name", context="thing")
    assert catalogues.update(template) == {"en": 2, "tk": 2, "ru": 2}
    for language, person, thing in (("tk", "Ady", "Ady"), ("ru", "Имя", "Название")):
        catalogue = catalogues.read_catalogue(language)
        catalogue.get("Name", context="person").string = person
        catalogues._write(catalogue, catalogues.po_path(language))
        (ru,) = [c for c in catalogues.coverage(template) if c.language == language]
        assert ru.missing == ("thing | Name",)
        catalogue = catalogues.read_catalogue(language)
        catalogue.get("Name", context="thing").string = thing
        catalogues._write(catalogue, catalogues.po_path(language))
    catalogues.compile_all()
    for item in catalogues.coverage(template):
        assert (item.missing, item.compiled_current) == ((), True)


def test_a_confirmed_fuzzy_entry_leaves_no_old_msgid_behind(tmp_path, monkeypatch):
    """Babel reads ``#| msgid`` as a comment; once a translator confirms the entry, the old
    English must not stay in the file as ``# | msgid``."""
    monkeypatch.setattr(catalogues, "TRANSLATIONS_DIR", tmp_path)
    path = catalogues.po_path("ru")
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        '#, fuzzy\n#| msgid "Placement created."\nmsgid "Placement updated."\n'
        'msgstr "Место практики создано."\n',
        encoding="utf-8",
    )
    catalogue = catalogues.read_catalogue("ru")
    assert catalogue["Placement updated."].previous_id == ["Placement created."]
    catalogues._write(catalogue, path)
    assert '#| msgid "Placement created."' in path.read_text(encoding="utf-8")
    catalogue = catalogues.read_catalogue("ru")
    catalogue["Placement updated."].string = "Место практики обновлено."
    catalogue["Placement updated."].flags.discard("fuzzy")
    catalogues._write(catalogue, path)
    assert "Placement created." not in path.read_text(encoding="utf-8")
    catalogues._write(catalogues.read_catalogue("ru"), path)
    assert "Placement created." not in path.read_text(encoding="utf-8")


def test_russian_plural_forms_follow_the_number(app):
    with app.test_request_context(), force_locale("ru"):
        forms = [
            ngettext("%(num)d entry is waiting.", "%(num)d entries are waiting.", n)
            for n in (1, 2, 5, 11, 21, 22)
        ]
    endings = [text.split()[1] for text in forms]
    assert endings[0] == endings[4]  # 1 and 21: one
    assert endings[1] == endings[5]  # 2 and 22: few
    assert endings[2] == endings[3]  # 5 and 11: many
    assert len({endings[0], endings[1], endings[2]}) == 3


# --- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("tk", ("1 234,5", "87,5 %", "1,5", "1 sag 30 min", "23 noýabr 2026")),
        ("ru", ("1 234,5", "87,5 %", "1,5", "1 ч 30 мин", "23 ноября 2026 г.")),
        ("en", ("1,234.5", "87.5%", "1.5", "1 hr 30 min", "November 23, 2026")),
    ],
)
def test_numbers_durations_and_dates_follow_the_locale(app, language, expected):
    with app.test_request_context(), force_locale(language):
        got = (
            number(1234.5),
            percent(87.5),
            hours(90),
            duration(90),
            format_date(dt.date(2026, 11, 23), "long"),
        )
    assert tuple(g.replace("\xa0", " ").replace("\u202f", " ") for g in got) == expected


@pytest.mark.parametrize("value", [100 / 3, 14.3, 57.1, 28.6, 200 / 7, 0, 100])
def test_percentages_show_at_most_one_decimal(app, value):
    # One third of a quiz once showed as "33.299999999999996%" (float rounding passed to Babel).
    with app.test_request_context(), force_locale("en"):
        shown = percent(value)
    assert re.fullmatch(r"\d{1,3}(\.\d)?%", shown), shown


def test_dates_are_shown_in_ashgabat_time(app):
    late_evening_utc = dt.datetime(2026, 11, 23, 20, 30, tzinfo=dt.UTC)
    with app.test_request_context(), force_locale("en"):
        from flask_babel import format_datetime

        shown = format_datetime(late_evening_utc, "yyyy-MM-dd HH:mm")
    assert shown == "2026-11-24 01:30"  # UTC+5


# --- alphabetical order and search ------------------------------------------------------------

NAMES = [
    "Zöhre",
    "Çynar",
    "Şatlyk",
    "Ärsary",
    "Ýazgül",
    "Öwez",
    "Ata",
    "Eziz",
    "Ňurly",
    "Nury",
    "Yhlas",
    "Ümür",
    "Ulugbek",
    "Žyrmaz",
    "Jeren",
    "Kerim",
    "Babaýew",
    "Wepa",
]


def test_turkmen_order_follows_the_turkmen_alphabet():
    ordered = sorted(NAMES, key=lambda n: sort_key(n, "tk"))
    assert ordered == ["Ata", "Babaýew", "Çynar", "Eziz", "Ärsary", "Jeren", "Žyrmaz", "Kerim",
                       "Nury", "Ňurly", "Öwez", "Şatlyk", "Ulugbek", "Ümür", "Wepa", "Yhlas",
                       "Ýazgül", "Zöhre"]  # fmt: skip


def test_russian_order_puts_cyrillic_first_and_files_yo_under_ye():
    names = ["Яна", "Ёлкин", "Елена", "Жанна", "Ata", "Борис", "Ельцова", "Щукин", "Эдуард"]
    ordered = sorted(names, key=lambda n: sort_key(n, "ru"))
    assert ordered == [
        "Борис",
        "Елена",
        "Ёлкин",
        "Ельцова",
        "Жанна",
        "Щукин",
        "Эдуард",
        "Яна",
        "Ata",
    ]


def test_order_ignores_case_and_spaces_come_first():
    assert sorted(["ata", "Ata Berdi", "Atabek", "ATA"], key=lambda n: sort_key(n, "tk")) == [
        "ata", "ATA", "Ata Berdi", "Atabek",
    ]  # fmt: skip


def test_sorted_by_name_uses_the_full_name():
    class Person:
        def __init__(self, full_name):
            self.full_name = full_name

    people = [Person("Şatlyk"), Person("Sapar"), Person("Çary")]
    assert [p.full_name for p in sorted_by_name(people, "tk")] == ["Çary", "Sapar", "Şatlyk"]


def test_search_folding_ignores_accents_and_case_but_keeps_short_i():
    assert fold("Aşgabat") == fold("ASGABAT") == "asgabat"
    assert fold("Türkmenabat") == "turkmenabat"
    assert fold("Ёлкин") == fold("елкин")
    assert fold("Йолотань") == "йолотань"
    assert fold("Ňurly Žyrmaz Çary Ýazgül Ärsary Öwez") == "nurly zyrmaz cary yazgul arsary owez"


# --- order and search in the database (SQLite and PostgreSQL) ---------------------------------

PEOPLE = {"zohre": "Zöhre Ataýewa", "cynar": "Çynar Baýramowa", "satlyk": "Şatlyk Orazow",
          "sapar": "Sapar Ýazow", "arsary": "Ärsary Nury", "eziz": "Eziz Durdyýew",
          "yelena": "Елена Петрова", "yolkin": "Ёлкин Сергей", "boris": "Борис Иванов"}  # fmt: skip


def test_lists_of_people_follow_the_readers_alphabet_in_sql(app, factory):
    import sqlalchemy as sa

    from lms.accounts.models import User, name_order
    from lms.core.extensions import db

    for username, full_name in PEOPLE.items():
        factory.user(username, full_name=full_name)

    def names(language):
        with app.test_request_context(), force_locale(language):
            query = sa.select(User.full_name).where(User.username.in_(PEOPLE))
            return list(db.session.scalars(query.order_by(name_order(), User.id)))

    assert names("tk") == ["Çynar Baýramowa", "Eziz Durdyýew", "Ärsary Nury", "Sapar Ýazow",
                           "Şatlyk Orazow", "Zöhre Ataýewa", "Борис Иванов", "Елена Петрова",
                           "Ёлкин Сергей"]  # fmt: skip
    assert names("ru") == ["Борис Иванов", "Елена Петрова", "Ёлкин Сергей", "Ärsary Nury",
                           "Çynar Baýramowa", "Eziz Durdyýew", "Sapar Ýazow", "Şatlyk Orazow",
                           "Zöhre Ataýewa"]  # fmt: skip
    # The stored keys follow a change of name.
    renamed = db.session.scalar(sa.select(User).where(User.username == "zohre"))
    renamed.full_name = "Abadan Ataýewa"
    db.session.commit()
    assert names("tk")[0] == "Abadan Ataýewa"
    assert names("en")[:2] == ["Abadan Ataýewa", "Ärsary Nury"]  # Ä is A in English


def test_admin_search_ignores_accents_and_case_and_finds_places(client, factory):
    from support import login

    factory.user("boss", "admin")
    factory.user("satlyk", full_name="Şatlyk Orazow", region="AS-BER")
    factory.user("cynar", full_name="Çynar Baýramowa", region="MR-BAY")
    login(client, "boss")

    def found(q):
        page = client.get("/admin/users", query_string={"q": q}).get_data(as_text=True)
        return {name for name in ("Şatlyk Orazow", "Çynar Baýramowa") if name in page}

    assert found("satlyk") == {"Şatlyk Orazow"}
    assert found("ŞATLYK") == {"Şatlyk Orazow"}
    assert found("cynar bay") == {"Çynar Baýramowa"}
    assert found("Asgabat") == {"Şatlyk Orazow"}  # lives in an etrap of Aşgabat
    assert found("zzz") == set()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("tk", "Bu meýdany doldurmak hökmany."), ("ru", "Это поле обязательно.")],
)
def test_built_in_form_messages_are_translated_too(app, language, expected):
    from wtforms import StringField
    from wtforms.validators import DataRequired, Length

    from lms.core.forms import Form

    class NameForm(Form):
        name = StringField(validators=[DataRequired()])
        code = StringField(validators=[Length(max=2)])

    with app.test_request_context(method="POST", data={"code": "abcd"}), force_locale(language):
        form = NameForm(meta={"csrf": False})
        assert not form.validate()
        assert form.name.errors == [expected]
        assert "2" in form.code.errors[0] and "Field" not in form.code.errors[0]


def test_commands_speak_the_cli_language(app, monkeypatch):
    runner = app.test_cli_runner()
    with app.app_context():  # a fresh context: the language is chosen once per context
        english = runner.invoke(args=["translations", "status"])
    monkeypatch.setitem(app.config, "CLI_LANGUAGE", "ru")
    with app.app_context():
        russian = runner.invoke(args=["translations", "status"])
    assert english.exit_code == russian.exit_code == 0, english.output
    assert "translated" in english.output
    assert "translated" not in russian.output and "ru:" in russian.output


@pytest.mark.parametrize(
    ("environment", "default", "cli"),
    [
        ({}, "tk", "en"),
        ({"LMS_DEFAULT_LANGUAGE": "xx", "LANG": "ru_RU.UTF-8"}, "tk", "ru"),
        ({"LMS_DEFAULT_LANGUAGE": "ru", "LMS_CLI_LANGUAGE": "tk", "LANG": "C.UTF-8"}, "ru", "tk"),
        ({"LANG": "de_DE.UTF-8"}, "tk", "en"),
    ],
)
def test_default_and_command_languages_fall_back_safely(tmp_path, environment, default, cli):
    from lms.core.config import load_settings

    config = load_settings(tmp_path, {"LMS_SECRET_KEY": "k", **environment})
    assert (config["BABEL_DEFAULT_LOCALE"], config["CLI_LANGUAGE"]) == (default, cli)
