"""No module of the platform passes 600 lines (docs/architecture: split by entity or seam before then);
migrations are generated and exempt."""

from pathlib import Path

LIMIT = 600
ROOT = Path(__file__).resolve().parents[1] / "foodtrace"


def test_no_module_is_over_600_lines():
    too_long = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.relative_to(ROOT).parts:
            continue
        with path.open(encoding="utf-8") as handle:
            lines = sum(1 for _ in handle)
        if lines > LIMIT:
            too_long.append(f"{path.relative_to(ROOT.parent)}: {lines} lines")
    assert not too_long, f"modules over {LIMIT} lines (split them along their seams): " + "; ".join(too_long)
