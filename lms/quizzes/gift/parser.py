"""Reading a whole GIFT text: categories, titles, question text and the answer block."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask_babel import gettext as _

from lms.quizzes.gift.answers import answer_type, parse_answers
from lms.quizzes.gift.lexer import (
    RESERVED,
    Block,
    Span,
    normalise,
    read_metadata,
    split_blocks,
)
from lms.quizzes.gift.model import GiftError, Question
from lms.quizzes.gift.texts import clean, read_formatted, read_text

CATEGORY_PREFIX = "$CATEGORY:"
BLANK = "_____"
TITLE_LENGTH = 80
_HTML_TAG = re.compile(r"<[^>]*>")
_BRACE = re.compile(r"[{}]")


class _Abandon(Exception):
    """Raised after a problem that leaves nothing sensible to read in the block."""


def parse_gift(text: str) -> list[Question]:
    """Read GIFT text into questions, in file order.

    Raises GiftError listing every problem found in the whole text (not just the first), each
    with its line. An empty text, or one with only comments and categories, gives [].
    """
    text = normalise(text)
    problems = list(_reserved_characters(text))
    questions: list[Question] = []
    category: str | None = None
    for block in split_blocks(text):
        if block.text.startswith(CATEGORY_PREFIX):
            category = _read_category(block)
        elif (question := read_question(block, category)) is not None:
            questions.append(question)
        problems.extend(block.problems)
    problems.extend(_duplicate_ids(questions))
    if problems:
        raise GiftError(problems)
    return questions


def read_question(block: Block, category: str | None) -> Question | None:
    """Read one question block; problems go to ``block.problems``.

    Returns None when the block is too broken to read further (unclosed title or brace).
    """
    try:
        title, body = _split_title(block)
        stem, answer_block = _split_answer_block(block, body)
    except _Abandon:
        return None
    text_format, text = read_formatted(block, stem)
    question_id, tags = read_metadata(block.comments)
    return Question(
        id=question_id,
        title=title or default_title(text),
        category=category,
        format=text_format,
        text=text,
        tags=tags,
        line=block.first_line,
        **_read_answer_block(block, answer_block),
    )


def default_title(text: str) -> str:
    """A name for an untitled question: its text without HTML tags, shortened at a word
    boundary to about 80 characters (Moodle names it the same way)."""
    plain = " ".join(_HTML_TAG.sub("", text).split())
    if len(plain) <= TITLE_LENGTH:
        return plain or "Question"
    cut = plain[:TITLE_LENGTH]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut) + "..."


def _reserved_characters(text: str) -> Iterator[tuple[int, str]]:
    for match in RESERVED.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        character = f"U+{ord(match.group()):X}"
        yield (
            line,
            _("character %(character)s is reserved for the GIFT reader", character=character),
        )


def _duplicate_ids(questions: list[Question]) -> Iterator[tuple[int, str]]:
    first_use: dict[str, int] = {}
    for question in questions:
        if question.id is None:
            continue
        first = first_use.get(question.id)
        if first is not None:
            yield (
                question.line,
                _("id %(id)s is already used on line %(line)d", id=question.id, line=first),
            )
        else:
            first_use[question.id] = question.line


def _read_category(block: Block) -> str:
    # Moodle would swallow a question written on the next line into the category's name.
    if "\n" in block.text:
        block.report(0, _("put a blank line between $CATEGORY and the next question"))
    name = clean(block.text[len(CATEGORY_PREFIX) :].split("\n", 1)[0])
    if not name:
        example = "$CATEGORY: $course$/top/Unit 1"
        block.report(0, _("$CATEGORY needs a category name, e.g. %(example)s", example=example))
    return name


def _split_title(block: Block) -> tuple[str | None, Span]:
    whole = block.whole()
    if not whole.text.startswith("::"):
        return None, whole
    end = whole.text.find("::", 2)
    if end < 0:
        # Moodle would quietly drop the "::" and fold the title into the question text.
        block.report(0, _("the title is not closed: write ::Title:: before the question"))
        raise _Abandon
    return clean(whole.text[2:end]), whole.cut(end + 2).strip()


def _split_answer_block(block: Block, body: Span) -> tuple[Span, Span | None]:
    """Find the answer block: (question text with the block taken out, block contents).

    The contents are None for a description (no braces at all). Text after the block makes the
    block a blank (``_____``) in the question text. Only the returned text's start position
    is kept, for messages about a format prefix.
    """
    braces = _find_braces(block, body)
    if braces is None:
        return body, None
    open_at, close_at = braces
    before, after = body.cut(0, open_at), body.cut(close_at + 1)
    stray = _BRACE.search(after.text)
    if stray is not None:
        block.report(
            after.offset + stray.start(),
            _(
                "'%(brace)s' after the answer block: a question has one {...} block"
                " (write \\%(brace)s for a literal brace)",
                brace=stray.group(),
            ),
        )
    blank = BLANK if after.text else ""
    return Span(before.text + blank + after.text, before.offset), body.cut(open_at + 1, close_at)


def _find_braces(block: Block, body: Span) -> tuple[int, int] | None:
    open_at, close_at = body.text.find("{"), body.text.find("}")
    if open_at < 0 and close_at < 0:
        return None
    if close_at >= 0 and (open_at < 0 or close_at < open_at):
        block.report(
            body.offset + close_at, _("'}' without an opening '{' (write \\} for a literal)")
        )
        if open_at < 0:
            raise _Abandon
        close_at = body.text.find("}", open_at)
    if close_at < 0:
        block.report(
            body.offset + open_at, _("'{' is never closed by '}' (write \\{ for a literal)")
        )
        raise _Abandon
    return open_at, close_at


def _read_answer_block(block: Block, answer_block: Span | None) -> dict[str, object]:
    if answer_block is None:
        return {"type": "description", "general_feedback": ""}
    # Moodle takes the last "####" as the start of the general feedback.
    separator = answer_block.text.rfind("####")
    general_feedback = ""
    if separator >= 0:
        general_feedback = read_text(block, answer_block.cut(separator + 4))
        answer_block = answer_block.cut(0, separator)
    body = answer_block.strip()
    fields = parse_answers(block, answer_type(body.text), body)
    fields["general_feedback"] = general_feedback
    return fields
