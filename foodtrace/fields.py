"""Model fields shared by domain packages."""

from django.db import models

from foodtrace.crypto import sm4_decrypt, sm4_encrypt


class EncryptedTextField(models.TextField):
    """Personal data encrypted at rest with SM4-GCM (个人信息加密存储).

    The database only ever holds ciphertext, so these fields cannot be
    filtered or sorted on; the audit trail records that they changed, never
    their values (``sensitive``).
    """

    sensitive = True

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return sm4_decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return sm4_encrypt(value)
