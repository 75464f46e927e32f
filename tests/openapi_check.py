"""Validate real responses against the schemas of the served OpenAPI document (JSON Schema 2020-12)."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema

SPEC_PATH = Path(__file__).resolve().parent.parent / "addin" / "api" / "openapi.json"


@cache
def spec() -> dict:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def validate(instance: object, schema_name: str) -> None:
    """Raise jsonschema.ValidationError unless ``instance`` matches components/schemas/<schema_name>."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec()["components"]}
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(instance)


def response_schema(path: str, method: str, status: int) -> dict:
    return spec()["paths"][path][method]["responses"][str(status)]
