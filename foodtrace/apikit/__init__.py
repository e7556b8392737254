"""What the two Ninja APIs (/api/v1 and /epcis) share, so that each mechanism exists once.

- ``params``: integer parameters bounded to what a database column holds (``Id``, ``Count``: a value
  beyond 64 bits is a 422 naming it, not an SQLite ``OverflowError``), and ``PatchField`` for PATCH
  fields that may be left out but not sent as null;
- ``pagination``: ``Pages``, page-number pagination whose page cannot overflow an SQL OFFSET;
- ``errors``: /api/v1's one error body, the body guards both APIs install (a multipart body without a
  boundary → 400, a body over the size limit → 413), the error answers every operation declares in its
  OpenAPI document (``DeclaredErrorsAPI``) and the 404 for paths under a root that name no operation;
- ``inputs``: the NUL character refused under each API root (PostgreSQL cannot store it).

It sits beside the kernel: it imports Django and Ninja, never a domain package.
"""
