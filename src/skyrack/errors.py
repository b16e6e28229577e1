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
        shown = "" if value is None else f" = {value!r}"
        super().__init__(f"{field}{shown}: {expected}")


class SkyrackInputErrors(ValueError):
    """Several input problems found at once; ``str()`` lists one per line."""

    def __init__(self, errors: list[SkyrackInputError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class SkyrackWarning(UserWarning):
    """Input that is valid but probably not what was meant (the CLI prints it as one ``warning:`` line)."""
