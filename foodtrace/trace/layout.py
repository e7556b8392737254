"""A trace answer drawn as an SVG graph without JavaScript: one column per distance from the root (origins on
the left, buyers on the right), one box per lot, a line per walked step."""

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 190, 58, 70, 18, 10
STATUS_CLASS = {"valid": "ok", "expiring": "warn", "expired": "bad", "suspended": "bad", "revoked": "bad"}


def layout(answer: dict, parties: dict) -> dict:
    columns: dict[int, list[dict]] = {}
    for lot in sorted(answer["lots"], key=lambda lot: (lot["level"], lot["code"])):
        columns.setdefault(lot["level"], []).append(lot)
    levels = sorted(columns)
    boxes = {}
    for x_index, level in enumerate(levels):
        for y_index, lot in enumerate(columns[level]):
            holder = parties.get(lot["holder"] or "", {})
            licence = holder.get("licence") or {}
            boxes[lot["id"]] = {
                "x": MARGIN + x_index * (BOX_W + GAP_X), "y": MARGIN + y_index * (BOX_H + GAP_Y),
                "lot": lot, "root": lot["id"] == answer["root"],
                "title": (lot["product"] or {}).get("name") or lot["code"],
                "holder": holder.get("name") or "",
                "status": STATUS_CLASS.get(licence.get("status"), "none"),
            }
    lines = []
    for edge in answer["edges"]:
        a, b = boxes.get(edge["from"]), boxes.get(edge["to"])
        if a is None or b is None:
            continue  # shipped-to runs between parties, shown in the table and timeline
        lines.append({"x1": a["x"] + BOX_W, "y1": a["y"] + BOX_H / 2, "x2": b["x"], "y2": b["y"] + BOX_H / 2,
                      "kind": edge["kind"], "quantity": edge["quantity"], "unit": edge["unit"],
                      "back": b["x"] <= a["x"]})
    tallest = max((len(c) for c in columns.values()), default=1)
    return {"boxes": list(boxes.values()), "lines": lines, "box_w": BOX_W, "box_h": BOX_H,
            "width": 2 * MARGIN + len(levels) * BOX_W + max(0, len(levels) - 1) * GAP_X,
            "height": 2 * MARGIN + tallest * BOX_H + max(0, tallest - 1) * GAP_Y}
