"""Purchase and sales ledgers and certificates (购销台账、索证索票) for businesses without their own systems.

A ledger file (``uploads``) or one quick-form entry (``quick``) is checked row by row (``columns``,
``rows``, ``values``, ``units``, ``checks``), turned into EPCIS 2.0 events (``events``) and captured through
``foodtrace.trace.capture`` like any system's document (``recording``). ``attachments`` keeps certificate
files; ``attachments.attachments_for`` is the selector other packages use. Pages in ``views``, API in
``api``, downloadable templates in ``templates``. docs/ledgers.md explains the choices.
"""
