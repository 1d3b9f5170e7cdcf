"""Stakeholder value files: schema, loader with one-line errors, JSON Schema export."""

from homog_bench.values.loader import (
    ValueFileError,
    bundled_values,
    load_values,
    parse_values,
    resolve_values,
)
from homog_bench.values.schema import (
    SCHEMA_ID,
    Attribute,
    MetricSettings,
    ValueFile,
    json_schema,
)

__all__ = [
    "SCHEMA_ID",
    "Attribute",
    "MetricSettings",
    "ValueFile",
    "ValueFileError",
    "bundled_values",
    "json_schema",
    "load_values",
    "parse_values",
    "resolve_values",
]
