"""Form helpers shared by every package."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def choice_list(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Choices for a select or checkbox field from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]
