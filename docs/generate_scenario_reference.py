"""Write docs/scenario-reference.md from the scenario JSON schema, so the reference stays true.

Run: python docs/generate_scenario_reference.py  (tests/test_docs.py checks the file is current)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import skyrack

HEADER = """# Scenario reference

Generated from the scenario schema by `docs/generate_scenario_reference.py`; do not edit by hand.
`skyrack schema` prints the same schema as JSON.

Quantities are strings with units (`"650 km"`, `"20 degC"`, `"160 W h/kg"`, `"200 USD/kg"`), parsed
with pint; plain numbers are for dimensionless values. Any key can be overridden on the command line
with `--set section.key=value`.
"""


def _type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        return f"[{prop['$ref'].split('/')[-1]}](#{prop['$ref'].split('/')[-1].lower()})"
    if "anyOf" in prop:
        return " or ".join(_type(p, defs) for p in prop["anyOf"] if p.get("type") != "null")
    if "enum" in prop:
        return " / ".join(json.dumps(v) for v in prop["enum"])
    if "const" in prop:
        return json.dumps(prop["const"])
    kind = prop.get("type", "")
    if "x-quantity" in prop:
        return f"quantity ({prop['x-quantity']})"
    bounds = []
    for key, sign in (
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
    ):
        if key in prop:
            bounds.append(f"{sign} {prop[key]}")
    return f"{kind} {', '.join(bounds)}".strip()


def _describe(prop: dict[str, Any]) -> str:
    texts = [prop.get("description", "")]
    for alt in prop.get("anyOf", []):
        if alt.get("description"):
            texts.append(alt["description"])
    return " ".join(t for t in texts if t).replace("|", "\\|").replace("\n", " ")


def _table(name: str, model: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    lines = [f"## {name}", ""]
    if model.get("description"):
        lines += [model["description"].strip().split("\n")[0].replace("``", "`"), ""]
    required = set(model.get("required", []))
    lines += ["| key | type | default | description |", "| --- | --- | --- | --- |"]
    for key, prop in model.get("properties", {}).items():
        if key in required:
            default = "required"
        elif "default" not in prop and "$ref" in prop:
            default = "optional (the section's defaults)"
        else:
            default = json.dumps(prop.get("default", None))
        lines.append(f"| `{key}` | {_type(prop, defs)} | {default} | {_describe(prop)} |")
    return [*lines, ""]


def render() -> str:
    schema = skyrack.scenario_json_schema()
    defs = schema.get("$defs", {})
    lines = [HEADER, *_table("Scenario (top level)", schema, defs)]
    for name in sorted(defs):
        lines += _table(name, defs[name], defs)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    target = Path(__file__).with_name("scenario-reference.md")
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
