"""Where GS1's EPCIS 2.0 conformance material lives (test oracles only, never copied into the project).

ONE setting finds it: the environment variable FOODTRACE_CONFORMANCE_DIR, default ``<repo root>/../shared/conformance``;
the GS1 files are in its ``gs1-epcis`` folder. Where that folder is absent, tests that need it are skipped with
the reason — unless FOODTRACE_REQUIRE_CONFORMANCE is set (CI), then they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def conformance_path() -> Path:
    """The gs1-epcis folder the setting points at (it may not exist)."""
    base = os.environ.get("FOODTRACE_CONFORMANCE_DIR") or REPO_ROOT.parent / "shared" / "conformance"
    return Path(base) / "gs1-epcis"


def conformance_required() -> bool:
    return bool(os.environ.get("FOODTRACE_REQUIRE_CONFORMANCE"))


def missing_reason() -> str:
    return (f"GS1 EPCIS conformance material not found at {conformance_path()} "
            "(set FOODTRACE_CONFORMANCE_DIR to the folder holding gs1-epcis/)")


def example_files() -> list[str]:
    """GS1's JSON/JSON-LD examples, relative to gs1-epcis/JSON (README files are not examples)."""
    folder = conformance_path() / "JSON"
    if not folder.is_dir():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.jsonld"))


@pytest.fixture(scope="session")
def conformance_dir() -> Path:
    path = conformance_path()
    if not (path / "EPCIS-JSON-Schema.json").is_file():
        if conformance_required():
            pytest.fail(missing_reason() + "; FOODTRACE_REQUIRE_CONFORMANCE is set")
        pytest.skip(missing_reason())
    return path


@pytest.fixture(scope="session")
def official_schema(conformance_dir):
    """A validator for GS1's EPCIS-JSON-Schema.json, with format checks (uri, date-time) switched on."""
    try:
        import jsonschema
    except ImportError:
        if conformance_required():
            pytest.fail("jsonschema is not installed (pip install -e '.[test]')")
        pytest.skip("jsonschema is not installed (pip install -e '.[test]')")
    import json

    schema = json.loads((conformance_dir / "EPCIS-JSON-Schema.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    checker = validator_class.FORMAT_CHECKER
    # Without these checkers "format" is not enforced and the schema would accept any string as a URI.
    assert {"uri", "date-time"} <= set(checker.checkers), "install jsonschema[format-nongpl] for format checks"
    return validator_class(schema, format_checker=checker)
