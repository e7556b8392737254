"""What the two Ninja APIs (/api/v1 and /epcis) share, so that each mechanism exists once.

- ``params``: integer parameters bounded to what a database column holds (64-bit IDs);
- ``pagination``: page-number pagination whose page cannot overflow an SQL OFFSET;
- ``errors``: one error body for /api/v1, the request guards (a multipart body without a
  boundary → 400, a body over the size limit → 413) and the error answers every operation
  declares in its OpenAPI document.

It sits beside the kernel: it imports Django and Ninja, never a domain package.
"""
