"""等保 2.0 level 3 log-in rules: complexity, lockout, second factor, idle timeout, forced password change."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, log_in, make_user


def current_code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.mark.parametrize("weak", ["short1A!", "alllowercaseletters", "ALLUPPER12345", "1234567890123",
                                  "password1234"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_complex_password_is_accepted():
    validate_password("Xiang@Jiang2026")


@pytest.mark.django_db
def test_account_locks_after_five_failures_even_with_the_right_password(client):
    user = make_user("lab_user")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": user.username, "password": "Wrong@Pass999"})
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower() or "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_security_admin_unlocks_a_locked_account(client, otp_verified):
    locked = make_user("lab_user")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": locked.username, "password": "Wrong@Pass999"},
                    REMOTE_ADDR="10.9.9.9")
    otp_verified(make_user("security_admin", region=None))
    response = client.post("/admin/accounts/user/", {"action": "unlock_accounts", "_selected_action": [locked.pk]})
    assert response.status_code == 302
    client.post("/accounts/logout/")
    log_in(client, locked)


@pytest.mark.django_db
def test_regulator_must_enrol_totp_before_seeing_anything(client):
    user = make_user("district_regulator", region="430102")
    log_in(client, user)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/setup/")
    assert client.get("/api/v1/registry/businesses").status_code == 401
    page = client.get("/accounts/otp/setup/")
    assert b"<svg" in page.content  # the QR code to scan
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/accounts/otp/setup/", {"token": "000000"}).status_code == 200  # wrong code: stays
    # A wrong code throttles the device (django-otp back-off); wait it out as a person would.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    response = client.post("/accounts/otp/setup/", {"token": current_code(device), "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/registry/businesses").status_code == 200


@pytest.mark.django_db
def test_enrolled_regulator_must_enter_a_code_at_each_login(client):
    user = make_user("city_admin")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    log_in(client, user)
    assert client.get("/admin/")["Location"].startswith("/accounts/otp/verify/")
    client.post("/accounts/otp/verify/", {"token": current_code(device)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_business_user_needs_no_second_factor(client):
    from tests.conftest import make_business

    log_in(client, make_user("business_user", business=make_business()))
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_new_account_must_change_its_initial_password(client):
    user = make_user("lab_user")
    user.must_change_password = True
    user.save()
    log_in(client, user)
    response = client.get("/")
    assert response["Location"].startswith("/accounts/password/")
    bad = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "simple",
                                              "new_password2": "simple"})
    assert bad.status_code == 200 and "error" in bad.content.decode()
    client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Yuelu@Shan2027",
                                        "new_password2": "Yuelu@Shan2027"})
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_idle_session_expires(client):
    log_in(client, make_user("lab_user"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 30 * 60
    # Each request pushes the expiry forward (idle, not absolute, timeout).
    assert settings.SESSION_SAVE_EVERY_REQUEST
    session = client.session
    session.set_expiry(-1)  # as if the idle period had passed
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_no_account_can_do_everything():
    """三员分立: even a superuser flag grants nothing beyond the role table."""
    user = make_user("system_admin")
    user.is_superuser = True
    user.save()
    user.refresh_from_db()
    assert not user.is_superuser
    assert not user.has_perm("audit.view_auditentry")
    assert not user.has_perm("accounts.assign_role")
