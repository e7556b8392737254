"""Change stamps: when the data behind a cached page last changed (``store``), and how a package declares which
of its changes make which pages stale (``declare``; each package's own ``page_stamps`` module, autodiscovered).

Kernel-level and neutral: the trace's capture, the registry, codes, ledgers, recall and participation stamp
through it, the public pages read it, and none of them imports another for it.
"""
