"""Database plumbing every layer may use: raw SQL for the hot paths (``sql``). Kernel-level and neutral: it
knows no business model, so the trace, recall, the public pages and participation call it without importing
each other."""
