"""The OpenAPI validator as the tests call it: one picklable function, so several specs can be
checked on both cores with a process pool."""

from __future__ import annotations

from openapi_spec_validator import validate


def openapi_problem(spec: dict) -> str:
    """Return the validator's complaint about `spec` (cut to 500 characters), or ""."""
    try:
        validate(spec)
    except Exception as err:  # the validator's own error types vary by version
        return str(err)[:500]
    return ""
