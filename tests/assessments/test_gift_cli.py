"""``lms gift parse FILE``, driven through the click group without an app."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lms.quizzes.gift.cli import gift_cli


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(gift_cli, ["parse", *args])

    return invoke


def write(tmp_path, text: str, name: str = "quiz.gift"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_parse_prints_questions_as_json_array(run, tmp_path):
    path = write(tmp_path, "// [id:FND-ETH-03]\n// [tag:competency:ETH-1]\n::T::Q?{=a ~b}\n")

    result = run(path)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "id": "FND-ETH-03",
            "title": "T",
            "category": None,
            "type": "multichoice",
            "format": "moodle",
            "text": "Q?",
            "tags": ["competency:ETH-1"],
            "general_feedback": "",
            "answers": [
                {"text": "a", "fraction": 1.0, "feedback": ""},
                {"text": "b", "fraction": 0.0, "feedback": ""},
            ],
        }
    ]
    assert result.stderr == ""


def test_parse_output_is_indented_utf8_not_ascii_escapes(run, tmp_path):
    path = write(tmp_path, "::Sorag::Aşgabat ýa-da Daşoguz?{=Aşgabat ~Daşoguz}")

    result = run(path)

    assert result.exit_code == 0
    assert '"text": "Aşgabat ýa-da Daşoguz?"' in result.stdout
    assert "\\u" not in result.stdout
    assert result.stdout.startswith('[\n  {\n    "id": null,')


def test_parse_empty_file_prints_empty_array(run, tmp_path):
    result = run(write(tmp_path, ""))

    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_parse_bad_input_prints_file_line_message_per_problem_and_exits_1(run, tmp_path):
    path = write(tmp_path, "Q {~only}\n\nR {#x}\n")

    result = run(path)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:1: a multiple-choice question needs at least 2 options",
        f"{path}:3: not a number: 'x' (write 5, 5:0.5 or 4..6)",
    ]


def test_parse_missing_file_reports_file_and_exits_1(run, tmp_path):
    path = str(tmp_path / "absent.gift")

    result = run(path)

    assert result.exit_code == 1
    assert result.stderr == f"{path}: cannot read: No such file or directory\n"
    assert "Traceback" not in result.output


def test_parse_directory_reports_file_and_exits_1(run, tmp_path):
    result = run(str(tmp_path))

    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path}: cannot read: ")


def test_parse_non_utf8_file_reports_line_and_exits_1(run, tmp_path):
    path = tmp_path / "latin1.gift"
    path.write_bytes("Q{}\n\nTürkmen{}".encode("latin-1"))

    result = run(str(path))

    assert result.exit_code == 1
    assert result.stderr == f"{path}: not UTF-8 text (invalid byte 0xfc on line 3)\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_parse_accepts_bom_and_crlf(run, tmp_path):
    path = tmp_path / "windows.gift"
    path.write_bytes("\ufeffQ?{\r\n=a\r\n~b}\r\n".encode())

    result = run(str(path))

    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["answers"][1]["text"] == "b"


def test_group_is_named_gift_and_offers_parse():
    assert gift_cli.name == "gift"
    assert "parse" in gift_cli.commands
