import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ComplexityValidator:
    """等保 2.0 password complexity: at least three of upper case, lower case, digits and symbols."""

    classes = (string.ascii_uppercase, string.ascii_lowercase, string.digits)

    def validate(self, password, user=None):
        kinds = sum(any(c in chars for c in password) for chars in self.classes)
        kinds += any(not c.isalnum() for c in password)
        if kinds < 3:
            raise ValidationError(
                _("The password must contain at least three of: upper-case letters, lower-case letters, "
                  "digits and symbols."),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("Use at least three of: upper-case letters, lower-case letters, digits and symbols.")
