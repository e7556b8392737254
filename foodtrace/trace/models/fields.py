"""Column types of the event tables."""

import orjson
from django.db import models


class JSONTextField(models.JSONField):
    """A JSON value kept as its text: ``text`` on PostgreSQL instead of ``jsonb``.

    Nothing queries inside stored events (queries use the projection), so jsonb's binary form only cost:
    PostgreSQL parsed every captured event into it, a sixth of the time of a bare COPY of capture's rows
    (bench/epcis_capture.py), and gave back keys in its own order. As text the event is kept as it was
    serialised at capture. SQLite's JSON field is text already. JSON path look-ups (``document__key``) are
    not available on these fields.
    """

    def db_type(self, connection):
        return "text" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        return orjson.dumps(value).decode() if self.encoder is None else super().get_db_prep_value(
            value, connection, prepared)

    def from_db_value(self, value, expression, connection):
        if value is None or not isinstance(value, str | bytes):
            return value
        return orjson.loads(value) if self.decoder is None else super().from_db_value(value, expression, connection)
