"""Properties of the privacy guard (Hypothesis): it never fails on any text, finds every listed
name in any case and script form, every Turkmen phone and passport number in its usual
spellings, and stays quiet on text made only of ordinary professional words."""

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.core.privacy import scan_text
from lms.core.privacy.names import NAMES_FILE, WORD_NAMES, fold

SETTINGS = settings(max_examples=60, deadline=None)

# Everyday words of practice notes in the three languages (none of them a name).
WORDS = [
    "maşgala",
    "öý",
    "saparynda",
    "zerurlyklaryny",
    "bahalandyrdym",
    "çagalar",
    "mekdep",
    "goldaw",
    "döwlet",
    "maksat",
    "sapar",
    "maslahat",
    "berdi",
    "durdy",
    "indiki",
    "gezek",
    "anna",
    "güni",
    "gözegçi",
    "ekokarta",
    "hukuklar",
    "семья",
    "визит",
    "оценка",
    "потребностей",
    "ребёнок",
    "школа",
    "поликлиника",
    "пособие",
    "надежда",
    "супервизия",
    "план",
    "family",
    "home",
    "visit",
    "assessed",
    "needs",
    "children",
    "school",
    "referral",
    "support",
    "plan",
    "supervision",
    "grandmother",
    "allowance",
    "department",
    "follow-up",
    "review",
    "week",
    "month",
    "nurse",
]
PUNCTUATION = st.sampled_from([" ", ", ", ". ", "; ", "\n"])


def _sentence(words):
    return st.lists(st.tuples(st.sampled_from(words), PUNCTUATION), min_size=1, max_size=25).map(
        lambda pairs: "".join(word + gap for word, gap in pairs)
    )


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_is_scanned_and_findings_come_from_it(text):
    for finding in scan_text(text):
        assert finding.text and finding.text in text


@SETTINGS
@given(_sentence(WORDS))
def test_ordinary_words_raise_no_alarm(text):
    assert scan_text(text) == []


NAMES = sorted(
    line.strip()
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


@SETTINGS
@given(
    before=_sentence(WORDS),
    name=st.sampled_from(NAMES),
    case=st.sampled_from(["title", "lower", "upper"]),
    ending=st.sampled_from(["", "nyň", "e", "a", "dan", "'s"]),
)
def test_a_listed_name_is_found_in_any_case(before, name, case, ending):
    if case == "lower" and fold(name) in WORD_NAMES:
        return  # an everyday word in lower case: only its capitalised form is a name
    word = {"title": name.title(), "lower": name.lower(), "upper": name.upper()}[case]
    text = f"{before} {word}{ending} geldi."
    assert any(f.kind == "name" for f in scan_text(text)), text


@SETTINGS
@given(
    operator=st.sampled_from(["61", "62", "63", "64", "65", "71"]),
    digits=st.text("0123456789", min_size=6, max_size=6),
    layout=st.sampled_from(["+993 {o} {d}", "+993{o}{d}", "8 {o} {a} {b} {c}", "8-{o}-{a}-{b}-{c}",
                            "+993 ({o}) {a}-{b}-{c}", "{o} {d}", "993 {o} {d}"]),
)  # fmt: skip
def test_turkmen_mobile_numbers_are_found(operator, digits, layout):
    number = layout.format(o=operator, d=digits, a=digits[:2], b=digits[2:4], c=digits[4:])
    assert any(f.kind == "phone" for f in scan_text(f"Jaň etdim: {number}.")), number


@SETTINGS
@given(
    velayat=st.sampled_from(["AŞ", "AH", "BN", "DZ", "LB", "MR", "АШ", "МР"]),
    digits=st.text("0123456789", min_size=6, max_size=6),
    layout=st.sampled_from(["I-{v} {d}", "I-{v} № {d}", "I-{v}{d}", "{v} {d}", "{v}№{d}"]),
)
def test_passport_numbers_are_found(velayat, digits, layout):
    number = layout.format(v=velayat, d=digits)
    assert any(f.kind == "phone" for f in scan_text(f"Pasporty {number} ýitdi.")), number
