"""Public participation (公众参与): product re-rating (再评价) and problem reports (投诉举报); docs/participation.md."""
