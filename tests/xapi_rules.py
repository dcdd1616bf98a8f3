"""The rules of an xAPI 1.0.3 statement (xAPI-Data.md, "Statement properties"), as a JSON Schema
plus the few the schema cannot say, for checking what we export and send.

``problems(statement)`` lists what is wrong (empty when valid); ``ours(statement)`` adds what we
promise beyond the specification: a version 5 id, an account actor with nothing personal, no
properties the LRS sets (stored, authority, version), a timestamp in UTC.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime

from jsonschema import Draft202012Validator

LANGUAGE_TAG = r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"  # RFC 5646, the shape of it
IRI = r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$"  # absolute: a scheme, then no spaces
UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
DURATION = (
    r"^P(?=[0-9T])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?"
    r"(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?$"
)
TIMESTAMP = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})$"
)


def _when(object_type: str, ref: str) -> dict:
    return {
        "if": {"required": ["objectType"], "properties": {"objectType": {"const": object_type}}},
        "then": {"$ref": ref},
    }


IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
_IFI_PROPERTIES = {
    "mbox": {"type": "string", "pattern": r"^mailto:[^@\s]+@[^@\s]+$"},
    "mbox_sha1sum": {"type": "string", "pattern": r"^[0-9a-fA-F]{40}$"},
    "openid": {"$ref": "#/$defs/iri"},
    "account": {
        "type": "object",
        "required": ["homePage", "name"],
        "properties": {"homePage": {"$ref": "#/$defs/iri"}, "name": {"type": "string"}},
        "additionalProperties": False,
    },
}
_ONE_IFI = [{"required": [ifi]} for ifi in IFIS]

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$ref": "#/$defs/statement",
    "$defs": {
        "iri": {"type": "string", "pattern": IRI},
        "uuid": {"type": "string", "pattern": UUID},
        "languageMap": {
            "type": "object",
            "propertyNames": {"pattern": LANGUAGE_TAG},
            "additionalProperties": {"type": "string"},
        },
        "extensions": {
            "type": "object",
            "propertyNames": {"pattern": IRI},
        },
        "agent": {
            "type": "object",
            "properties": {
                "objectType": {"const": "Agent"},
                "name": {"type": "string"},
                **_IFI_PROPERTIES,
            },
            "additionalProperties": False,
            "oneOf": _ONE_IFI,
        },
        "group": {
            "type": "object",
            "required": ["objectType"],
            "properties": {
                "objectType": {"const": "Group"},
                "name": {"type": "string"},
                "member": {"type": "array", "items": {"$ref": "#/$defs/agent"}},
                **_IFI_PROPERTIES,
            },
            "additionalProperties": False,
            # Identified (one IFI) or anonymous (no IFI, with its members).
            "oneOf": [*_ONE_IFI, {"not": {"anyOf": _ONE_IFI}, "required": ["member"]}],
        },
        "actor": {
            "if": {"required": ["objectType"], "properties": {"objectType": {"const": "Group"}}},
            "then": {"$ref": "#/$defs/group"},
            "else": {"$ref": "#/$defs/agent"},
        },
        "verb": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"$ref": "#/$defs/iri"},
                "display": {"$ref": "#/$defs/languageMap"},
            },
            "additionalProperties": False,
        },
        "component": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "description": {"$ref": "#/$defs/languageMap"},
            },
            "additionalProperties": False,
        },
        "definition": {
            "type": "object",
            "properties": {
                "name": {"$ref": "#/$defs/languageMap"},
                "description": {"$ref": "#/$defs/languageMap"},
                "type": {"$ref": "#/$defs/iri"},
                "moreInfo": {"$ref": "#/$defs/iri"},
                "extensions": {"$ref": "#/$defs/extensions"},
                "interactionType": {
                    "enum": [
                        "true-false",
                        "choice",
                        "fill-in",
                        "long-fill-in",
                        "matching",
                        "performance",
                        "sequencing",
                        "likert",
                        "numeric",
                        "other",
                    ]
                },  # fmt: skip
                "correctResponsesPattern": {"type": "array", "items": {"type": "string"}},
                **{
                    name: {"type": "array", "items": {"$ref": "#/$defs/component"}}
                    for name in ("choices", "scale", "source", "target", "steps")
                },
            },
            "additionalProperties": False,
        },
        "activity": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "objectType": {"const": "Activity"},
                "id": {"$ref": "#/$defs/iri"},
                "definition": {"$ref": "#/$defs/definition"},
            },
            "additionalProperties": False,
        },
        "statementRef": {
            "type": "object",
            "required": ["objectType", "id"],
            "properties": {"objectType": {"const": "StatementRef"}, "id": {"$ref": "#/$defs/uuid"}},
            "additionalProperties": False,
        },
        "object": {
            "type": "object",
            "properties": {
                "objectType": {
                    "enum": ["Activity", "Agent", "Group", "StatementRef", "SubStatement"]
                }
            },
            "allOf": [
                _when("Agent", "#/$defs/agent"),
                _when("Group", "#/$defs/group"),
                _when("StatementRef", "#/$defs/statementRef"),
                _when("SubStatement", "#/$defs/subStatement"),
                {
                    "if": {"not": {"required": ["objectType"]}},
                    "then": {"$ref": "#/$defs/activity"},
                },
                _when("Activity", "#/$defs/activity"),
            ],
        },
        "score": {
            "type": "object",
            "properties": {
                "scaled": {"type": "number", "minimum": -1, "maximum": 1},
                "raw": {"type": "number"},
                "min": {"type": "number"},
                "max": {"type": "number"},
            },
            "additionalProperties": False,
        },
        "result": {
            "type": "object",
            "properties": {
                "score": {"$ref": "#/$defs/score"},
                "success": {"type": "boolean"},
                "completion": {"type": "boolean"},
                "response": {"type": "string"},
                "duration": {"type": "string", "pattern": DURATION},
                "extensions": {"$ref": "#/$defs/extensions"},
            },
            "additionalProperties": False,
        },
        "activities": {
            "oneOf": [
                {"$ref": "#/$defs/activity"},
                {"type": "array", "items": {"$ref": "#/$defs/activity"}},
            ]
        },
        "contextActivities": {
            "type": "object",
            "properties": {
                name: {"$ref": "#/$defs/activities"}
                for name in ("parent", "grouping", "category", "other")
            },
            "additionalProperties": False,
        },
        "context": {
            "type": "object",
            "properties": {
                "registration": {"$ref": "#/$defs/uuid"},
                "instructor": {"$ref": "#/$defs/actor"},
                "team": {"$ref": "#/$defs/group"},
                "contextActivities": {"$ref": "#/$defs/contextActivities"},
                "revision": {"type": "string"},
                "platform": {"type": "string"},
                "language": {"type": "string", "pattern": LANGUAGE_TAG},
                "statement": {"$ref": "#/$defs/statementRef"},
                "extensions": {"$ref": "#/$defs/extensions"},
            },
            "additionalProperties": False,
        },
        "attachment": {
            "type": "object",
            "required": ["usageType", "display", "contentType", "length", "sha2"],
            "properties": {
                "usageType": {"$ref": "#/$defs/iri"},
                "display": {"$ref": "#/$defs/languageMap"},
                "description": {"$ref": "#/$defs/languageMap"},
                "contentType": {"type": "string"},
                "length": {"type": "integer", "minimum": 0},
                "sha2": {"type": "string"},
                "fileUrl": {"$ref": "#/$defs/iri"},
            },
            "additionalProperties": False,
        },
        "core": {
            "type": "object",
            "required": ["actor", "verb", "object"],
            "properties": {
                "actor": {"$ref": "#/$defs/actor"},
                "verb": {"$ref": "#/$defs/verb"},
                "result": {"$ref": "#/$defs/result"},
                "context": {"$ref": "#/$defs/context"},
                "timestamp": {"type": "string", "pattern": TIMESTAMP},
                "attachments": {"type": "array", "items": {"$ref": "#/$defs/attachment"}},
            },
        },
        "subStatement": {
            "allOf": [{"$ref": "#/$defs/core"}],
            "required": ["objectType"],
            "properties": {
                "objectType": {"const": "SubStatement"},
                "actor": True,
                "verb": True,
                "result": True,
                "context": True,
                "timestamp": True,
                "attachments": True,
                # A SubStatement holds no SubStatement.
                "object": {
                    "$ref": "#/$defs/object",
                    "not": {
                        "required": ["objectType"],
                        "properties": {"objectType": {"const": "SubStatement"}},
                    },
                },
            },  # fmt: skip
            "additionalProperties": False,
        },
        "statement": {
            "allOf": [{"$ref": "#/$defs/core"}],
            "properties": {
                "id": {"$ref": "#/$defs/uuid"},
                "actor": True,
                "verb": True,
                "result": True,
                "context": True,
                "timestamp": True,
                "attachments": True,
                "object": {"$ref": "#/$defs/object"},
                "stored": {"type": "string", "pattern": TIMESTAMP},
                "authority": {"$ref": "#/$defs/actor"},
                "version": {"type": "string", "pattern": r"^1\.0(\.[0-9]+)?$"},
            },  # fmt: skip
            "additionalProperties": False,
        },
    },
}


class DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs):
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        raise DuplicateKey(
            f"a property given twice: {sorted(n for n in names if names.count(n) > 1)}"
        )
    return dict(pairs)


def load(text: str):
    """JSON as an LRS must read it: a property given twice is an error, not the last one."""
    return json.loads(text, object_pairs_hook=_no_duplicates)


_VALIDATOR = Draft202012Validator(SCHEMA)


def part_problems(document, part: str) -> list[str]:
    """Check a piece of a statement (an ``agent``, a ``verb``, an ``activity``...)."""
    validator = Draft202012Validator({**SCHEMA, "$ref": f"#/$defs/{part}"})
    return [_say(error) for error in validator.iter_errors(document)]


def _say(error) -> str:
    where = "/".join(str(step) for step in error.absolute_path) or "(statement)"
    return f"{where}: {error.message}"


def _score_problems(score: dict) -> list[str]:
    found = []
    low, high, raw = score.get("min"), score.get("max"), score.get("raw")
    if low is not None and high is not None and not low < high:
        found.append("result/score: min must be less than max")
    if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
        found.append("result/score: raw must lie between min and max")
    return found


def _timestamp_problems(statement: dict) -> list[str]:
    found = []
    for name in ("timestamp", "stored"):
        text = statement.get(name)
        if isinstance(text, str):
            try:
                datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                found.append(f"{name}: not a date and time")
    return found


def problems(statement) -> list[str]:
    """What makes ``statement`` invalid under xAPI 1.0.3 (empty: valid)."""
    found = [_say(error) for error in _VALIDATOR.iter_errors(statement)]
    if found or not isinstance(statement, dict):
        return found
    found += _score_problems(statement.get("result", {}).get("score", {}))
    found += _timestamp_problems(statement)
    context, target = statement.get("context", {}), statement["object"]
    if target.get("objectType", "Activity") != "Activity":
        # revision and platform describe an activity; the specification forbids them otherwise.
        found += [
            f"context/{name}: only for an Activity"
            for name in ("revision", "platform")
            if name in context
        ]
    return found


def rfc4122_variant(identifier: str) -> bool:
    """The xAPI specification asks for RFC 4122 (variant 2) UUIDs."""
    return uuid.UUID(identifier).variant == uuid.RFC_4122


def ours(statement: dict, public_url: str) -> list[str]:
    """What we promise beyond the specification."""
    found = problems(statement)
    if found:
        return found
    identifier = statement.get("id", "")
    if not identifier or uuid.UUID(identifier).version != 5 or not rfc4122_variant(identifier):
        found.append("id: a version 5 UUID of RFC 4122")
    found += [
        f"{name}: set by the LRS, not by us"
        for name in ("stored", "authority", "version")
        if name in statement
    ]
    agents = [statement["actor"], statement.get("context", {}).get("instructor")]
    for agent in filter(None, agents):
        if set(agent) != {"objectType", "account"} or agent["account"]["homePage"] != public_url:
            found.append(f"an agent named by other than our account: {sorted(agent)}")
        elif not re.fullmatch(r"[0-9]+", agent["account"]["name"]):
            found.append("an account name that is not a user id")
    if not statement.get("timestamp", "").endswith("+00:00"):
        found.append("timestamp: in UTC")
    return found
