"""Issue 17: the second factor on django-otp — a QR code and ten recovery codes at setup,
each code once; wrong recovery codes count like wrong authenticator codes; a region may
ask all its staff for the second factor."""

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import devices_for_user

from ankommen.core.actor import Actor
from ankommen.twofactor.enrolment import issue_enrolment_link
from ankommen.twofactor.models import RegionPolicy, TOTPDevice
from ankommen.twofactor.recovery import issue_recovery_codes, remaining_recovery_codes

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def verify_url(cast) -> str:
    return reverse("twofactor:verify", kwargs={"region": cast.region.slug})


def case_list(cast) -> str:
    return reverse("cases:list", kwargs={"region": cast.region.slug})


def enrolling(cast) -> Client:
    client = signed_in(cast.case_manager)
    client.get(issue_enrolment_link(cast.case_manager, by=Actor(user=cast.team_lead)))
    return client


def enrolled_with_codes(user) -> list[str]:
    TOTPDevice.objects.create(user=user, secret=pyotp.random_base32(), confirmed_at=timezone.now())
    return issue_recovery_codes(user, confirmed=True)


def test_the_setup_page_shows_the_key_as_a_qr_code(cast):
    response = enrolling(cast).get(verify_url(cast))
    assert 'class="totp-qr"><title>' in response.text


def test_the_setup_page_shows_ten_recovery_codes(cast):
    response = enrolling(cast).get(verify_url(cast))
    assert len(response.context["recovery_codes"]) == 10


def test_recovery_codes_are_not_shown_again_once_the_app_is_set_up(cast):
    client = enrolling(cast)
    secret = TOTPDevice.objects.get(user=cast.case_manager).secret
    client.post(verify_url(cast), {"code": pyotp.TOTP(secret).now()})
    response = client.get(verify_url(cast))
    assert not response.context.get("recovery_codes") and "recovery-codes" not in response.text


def test_a_recovery_code_of_an_unfinished_setup_is_refused(cast):
    client = enrolling(cast)
    code = enrolling(cast).get(verify_url(cast)).context["recovery_codes"][0]
    client.post(verify_url(cast), {"code": code})
    assert client.get(case_list(cast)).status_code == 302


def test_a_recovery_code_opens_the_case_pages(cast):
    codes = enrolled_with_codes(cast.case_manager)
    client = signed_in(cast.case_manager)
    client.post(verify_url(cast), {"code": codes[0]})
    assert client.get(case_list(cast)).status_code == 200


def test_a_recovery_code_works_once(cast):
    codes = enrolled_with_codes(cast.case_manager)
    signed_in(cast.case_manager).post(verify_url(cast), {"code": codes[0]})
    second = signed_in(cast.case_manager)
    second.post(verify_url(cast), {"code": codes[0]})
    assert second.get(case_list(cast)).status_code == 302


def test_using_a_recovery_code_leaves_nine(cast):
    codes = enrolled_with_codes(cast.case_manager)
    signed_in(cast.case_manager).post(verify_url(cast), {"code": codes[3].upper()})
    assert remaining_recovery_codes(cast.case_manager) == 9


def test_a_new_enrolment_link_replaces_the_old_recovery_codes(cast):
    codes = enrolled_with_codes(cast.case_manager)
    issue_enrolment_link(cast.case_manager, by=Actor(user=cast.team_lead))
    TOTPDevice.objects.filter(user=cast.case_manager).update(confirmed_at=timezone.now())
    client = signed_in(cast.case_manager)
    client.post(verify_url(cast), {"code": codes[0]})
    assert client.get(case_list(cast)).status_code == 302


def test_wrong_recovery_codes_count_towards_the_lock(cast):
    codes = enrolled_with_codes(cast.case_manager)
    client = signed_in(cast.case_manager)
    for _ in range(5):
        client.post(verify_url(cast), {"code": "aaaaaaaa"})
    response = client.post(verify_url(cast), {"code": codes[0]})
    assert "Too many wrong codes. You can try again at" in response.text


def test_the_authenticator_is_a_django_otp_device(cast):
    enrolled_with_codes(cast.case_manager)
    names = {device.name for device in devices_for_user(cast.case_manager)}
    assert names == {"authenticator", "recovery codes"}


def test_an_unconfirmed_authenticator_is_no_django_otp_device_yet(cast):
    issue_enrolment_link(cast.case_manager, by=Actor(user=cast.team_lead))
    assert list(devices_for_user(cast.case_manager)) == []


def test_the_authenticator_accepts_a_code_through_django_otps_interface_once(cast):
    secret = pyotp.random_base32()
    device = TOTPDevice.objects.create(
        user=cast.case_manager, secret=secret, confirmed_at=timezone.now()
    )
    code = pyotp.TOTP(secret).now()
    assert device.verify_token(code) and not device.verify_token(code)


# --- A region that asks all its staff ------------------------------------------------------


def action_plan(cast) -> str:
    return f"/{cast.region.slug}/intern/aktionsplan/"


def test_without_the_region_setting_an_officer_needs_no_second_factor(cast):
    assert signed_in(cast.ki_coordinator).get(action_plan(cast)).status_code == 200


def test_the_region_setting_sends_every_staff_member_to_the_second_factor(cast):
    RegionPolicy.objects.create(region=cast.region, all_staff=True)
    response = signed_in(cast.officer_verl).get(f"/{cast.region.slug}/intern/aktionsplan/")
    assert response.status_code == 302 and response["Location"].startswith(verify_url(cast))


def test_the_region_setting_asks_for_the_second_factor_in_the_admin(cast):
    RegionPolicy.objects.create(region=cast.region, all_staff=True)
    response = signed_in(cast.officer_verl).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(verify_url(cast))


def test_the_region_setting_does_not_reach_another_regions_staff(cast):
    RegionPolicy.objects.create(region=cast.region, all_staff=True)
    response = signed_in(cast.other_coordinator).get(
        f"/{cast.other_region.slug}/intern/aktionsplan/"
    )
    assert response.status_code == 200


def test_an_officer_of_such_a_region_can_be_given_an_enrolment_link(cast):
    RegionPolicy.objects.create(region=cast.region, all_staff=True)
    client = signed_in(cast.officer_verl)
    client.get(issue_enrolment_link(cast.officer_verl, by=Actor(user=cast.admin)))
    secret = TOTPDevice.objects.get(user=cast.officer_verl).secret
    client.post(verify_url(cast), {"code": pyotp.TOTP(secret).now()})
    assert client.get(action_plan(cast)).status_code == 200
