"""Validation against the JSON Schemas in schema/, with every error translated into plain Dutch."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from ..paths import SCHEMA

# Keywords next to a "$ref" that only describe (for editors), and do not validate.
_ANNOTATIONS = {"description", "title", "examples", "default", "$comment", "markdownDescription", "deprecated"}


def _inline(node: Any, doc: str, docs: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """``node`` with every "$ref" replaced by the schema it points at (in ``doc`` or another file).

    The same validation, without looking references up while validating: with 100 times the content,
    those look-ups took nearly half of the time to load the data (35.5 s, 19.9 s without). A reference that leads back to itself is
    left as it is (the validator's registry resolves it)."""
    if isinstance(node, list):
        return [_inline(item, doc, docs, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and "#" in ref:
        file, pointer = ref.split("#", 1)
        target_doc = file or doc
        key = f"{target_doc}#{pointer}"
        if key not in seen and target_doc in docs:
            target = docs[target_doc]
            for part in filter(None, pointer.split("/")):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            inlined = _inline(target, target_doc, docs, seen + (key,))
            rest = {k: _inline(v, doc, docs, seen) for k, v in node.items() if k != "$ref"}
            if set(rest) <= _ANNOTATIONS:
                return inlined
            return {"allOf": [inlined], **rest}
    return {k: _inline(v, doc, docs, seen) for k, v in node.items()}


def documents() -> dict[str, Any]:
    """Every schema file in schema/, read fresh, by file name."""
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMA.glob("*.schema.json"))}


def registry(docs: dict[str, Any]) -> Registry:
    """The schema files as a registry, through which a "$ref" to another file resolves."""
    return Registry().with_resources([(file, Resource.from_contents(contents)) for file, contents in docs.items()])


def _inlined(name: str, docs: dict[str, Any]) -> Any:
    return _inline(docs[f"{name}.schema.json"], f"{name}.schema.json", docs)


def validator(name: str) -> Draft202012Validator:
    """The validator for one collection's schema (schema/<name>.schema.json), read fresh each time, with
    its references to the other schema files inlined."""
    docs = documents()
    return Draft202012Validator(_inlined(name, docs), registry=registry(docs))


def quick_check(name: str) -> Callable[[Any], bool] | None:
    """A yes/no check against the same schema, compiled to Python by fastjsonschema: with 100 times the
    content it takes 0.4 s where the validator takes 4.5 s. Valid content (the usual case) needs nothing
    more; for invalid content the validator finds and words every mistake. None when the schema still
    holds a reference after inlining (fastjsonschema would look it up on the web): then the validator alone.
    tests/test_content.py checks on many broken variants of the data that both always agree."""
    schema = _inlined(name, documents())
    if "$ref" in json.dumps(schema):
        return None
    # Our keywords mean the same in draft 7, fastjsonschema's newest; '$schema' would make it refuse 2020-12.
    compiled = fastjsonschema.compile({k: v for k, v in schema.items() if k != "$schema"})

    def check(data: Any) -> bool:
        try:
            compiled(data)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    return check


_TYPE_NL = {
    "string": "tekst", "integer": "een heel getal", "number": "een getal", "array": "een lijst",
    "object": "een blok met velden", "boolean": "ja of nee", "null": "niets",
}


def kind(value: Any) -> str:
    if value is None:
        return "niets"
    if isinstance(value, bool):
        return "ja/nee"
    if isinstance(value, int):
        return "een getal"
    if isinstance(value, float):
        return "een kommagetal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een blok met velden"
    return type(value).__name__


def message(err) -> tuple[list, str]:
    """Translate one jsonschema error into (path, Dutch message)."""
    path = list(err.absolute_path)
    v = err.validator
    if v == "type":
        expected = err.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        return path, f"verwacht {' of '.join(_TYPE_NL.get(t, t) for t in expected)}, kreeg {kind(err.instance)}"
    if v == "required":
        missing = re.search(r"'([^']+)' is a required property", err.message)
        name = missing.group(1) if missing else err.message
        return path + [name], "dit verplichte veld ontbreekt"
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return path + [extra[0] if extra else "?"], (
            "dit veld bestaat niet (tikfout?). Toegestaan: " + ", ".join(err.schema.get("properties", {})))
    if v == "minItems":
        return path, f"te weinig: minstens {err.validator_value}, nu {len(err.instance)}"
    if v == "maxItems":
        return path, f"te veel: hoogstens {err.validator_value}, nu {len(err.instance)}"
    if v == "minLength":
        return path, "mag niet leeg zijn"
    if v == "minimum":
        return path, f"moet minstens {err.validator_value} zijn, nu {err.instance}"
    if v == "maximum":
        return path, f"mag hoogstens {err.validator_value} zijn, nu {err.instance}"
    if v == "enum":
        return path, f"'{err.instance}' kan niet; kies uit: " + ", ".join(map(str, err.validator_value))
    if v == "uniqueItems":
        return path, "er staat iets dubbel in deze lijst"
    if v == "minProperties":
        return path, f"vul er minstens {err.validator_value} in"
    if v == "pattern":
        if "https?" in err.validator_value:
            return path, f"'{err.instance}' is geen webadres: begin met https://"
        return path, (f"'{err.instance}' is geen geldige sleutel: gebruik alleen kleine letters, cijfers en "
                      f"streepjes, zoals 'gezamenlijke-taal'")
    return path, err.message  # pragma: no cover - every validator used in our schemas is translated above


