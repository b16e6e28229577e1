"""Typed results in SI; each ``to_dict()`` is a command's ``--json`` object, in display units."""
