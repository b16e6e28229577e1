"""Errors that skyrack reports to a user as one clear message (exit code 2, no traceback)."""

from __future__ import annotations


class SkyrackInputError(ValueError):
    """Bad input: names the field, the value given and what would be valid.

    Parameters
    ----------
    field
        Dotted path of the offending field (``"orbit.altitude"``), or a file path.
    value
        The value as the user gave it (``None`` when missing).
    expected
        What would be valid, in words (``"a length such as '650 km'"``).
    """

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        shown = "" if value is None else f" = {shorten(repr(value))}"
        super().__init__(f"{shorten(field, 200)}{shown}: {expected}")


# Longest echo of a bad value in a message: enough to recognise it, never a 200 KB line (issue #12).
MAX_SHOWN_CHARS = 80


def shorten(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"


class SkyrackInputErrors(ValueError):
    """Several input problems found at once; ``str()`` lists one per line."""

    def __init__(self, errors: list[SkyrackInputError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class SkyrackWarning(UserWarning):
    """Input that is valid but probably not what was meant (the CLI prints it as one ``warning:`` line)."""
