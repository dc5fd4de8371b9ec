"""The e-mailed sign-in link works in whichever browser opens it: once, for a short while,
behind one button, for the address it was sent to. A used or expired link says so and
sends a new one to the same address."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accounts import proof, sign_in_links
from accounts.models import SignInLink
from guide.models import Tick
from tests.conftest import aged_sign_in_link, sign_in_code, sign_in_link
from tests.factories import ChampionFactory, ColleagueFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask(email, **extra):
    """Ask for a link in one browser; the link from the mail that came."""
    Client().post("/accounts/login/code/", {"email": email, **extra})
    return sign_in_link(mail.outbox[-1])


def signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return user_id and EmailAddress.objects.get(user_id=user_id, primary=True).email


def test_the_link_asked_for_in_one_browser_signs_in_in_another(guide):
    link = ask("ada@example.com")
    other = Client()  # the phone's mail app, or Edge opened by Outlook
    page = other.get(link)
    assert page.status_code == 200 and "<strong>ada@example.com</strong>" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert not signed_in_as(other)  # opening it (as a mail scanner does) spends nothing
    response = other.post(link)
    assert response.status_code == 302 and response["Location"] == "/checklist/"
    assert signed_in_as(other) == "ada@example.com"
    assert [user.email for user in proof.members()] == ["ada@example.com"]


def test_after_signing_in_one_short_message_says_so(guide):
    link = ask("ada@example.com")
    other = Client()
    page = other.post(link, follow=True).content.decode()
    assert page.count('class="message ') == 1
    assert "Signed in as ada@example.com." in page
    assert "confirmed" not in page


def test_a_used_link_says_so_and_signs_nobody_in(guide):
    link = ask("ada@example.com")
    Client().post(link)
    late = Client()
    for response in (late.get(link), late.post(link)):
        page = response.content.decode()
        assert response.status_code == 400
        assert "This sign-in link has been used" in page
        assert "Send me a new link" in page and "<strong>ada@example.com</strong>" in page
    assert not signed_in_as(late)


def test_an_expired_link_says_so_and_signs_nobody_in(guide):
    link = aged_sign_in_link(ask("ada@example.com"), minutes=16)
    late = Client()
    for response in (late.get(link), late.post(link)):
        page = response.content.decode()
        assert response.status_code == 400
        assert "This sign-in link has expired" in page
        assert "works for 15 minutes after it is sent" in page
        assert "Send me a new link" in page
    assert not signed_in_as(late)
    assert not proof.members().exists()


def test_a_link_still_within_its_time_works(guide):
    link = aged_sign_in_link(ask("ada@example.com"), minutes=14)
    browser = Client()
    browser.post(link)
    assert signed_in_as(browser) == "ada@example.com"


def test_a_link_expires_when_the_setting_is_shortened(guide, settings):
    link = ask("ada@example.com")
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = -1
    browser = Client()
    assert "has expired" in browser.post(link).content.decode()
    assert not signed_in_as(browser)


def test_a_link_older_than_a_week_offers_nothing(guide):
    link = aged_sign_in_link(ask("ada@example.com"), minutes=8 * 24 * 60)
    page = Client().get(link).content.decode()
    assert "cannot be used" in page and "Send me a new link" not in page


def test_send_a_new_link_sends_one_to_the_same_address_without_typing_it(guide):
    link = ask("ada@example.com")
    Client().post(link)
    phone = Client()
    response = phone.post(link + "new/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/confirm/"
    page = phone.get(response["Location"]).content.decode()
    assert "Check your e-mail" in page and "<strong>ada@example.com</strong>" in page
    assert mail.outbox[-1].to == ["ada@example.com"]
    fresh = sign_in_link(mail.outbox[-1])
    assert fresh != link
    laptop = Client()
    laptop.post(fresh)
    assert signed_in_as(laptop) == "ada@example.com"


def test_the_new_mail_also_carries_a_code_for_the_browser_that_asked(guide):
    link = ask("ada@example.com")
    Client().post(link)
    phone = Client()
    phone.post(link + "new/")
    phone.post("/accounts/login/code/confirm/", {"code": sign_in_code(mail.outbox[-1])})
    assert signed_in_as(phone) == "ada@example.com"


def test_send_a_new_link_is_rate_limited_like_the_form(guide):
    link = ask("ada@example.com")
    Client().post(link)
    sent_before = len(mail.outbox)
    answers = [Client().post(link + "new/") for _ in range(12)]  # one client address
    refused = [r for r in answers if r.status_code == 400]
    assert refused and "Too many" in refused[-1].content.decode()
    assert len(mail.outbox) - sent_before <= 10


def test_a_made_up_link_offers_nothing_to_send(guide):
    link = ask("ada@example.com")
    sent = len(mail.outbox)
    for forged in (link[:-3] + "x/", link.replace("/link/", "/link/9"), "/accounts/login/link/x/"):
        response = Client().get(forged)
        page = response.content.decode()
        assert response.status_code == 400 and "This sign-in link cannot be used" in page
        assert "Send me a new link" not in page
        assert Client().post(forged + "new/").status_code == 400
    assert len(mail.outbox) == sent


def test_the_code_used_in_the_asking_browser_spends_the_link_too(guide):
    asking = Client()
    asking.post("/accounts/login/code/", {"email": "ada@example.com"})
    link, code = sign_in_link(mail.outbox[-1]), sign_in_code(mail.outbox[-1])
    asking.post("/accounts/login/code/confirm/", {"code": code})
    assert signed_in_as(asking) == "ada@example.com"
    assert "has been used" in Client().post(link).content.decode()
    assert not SignInLink.objects.exists()


def test_two_presses_at_once_sign_in_once(guide):
    ask("ada@example.com")
    (link,) = SignInLink.objects.all()
    assert sign_in_links.spend(link) is True
    assert sign_in_links.spend(link) is False


def test_the_ticks_of_the_browser_that_opens_it_follow_to_the_account(guide):
    link = ask("ada@example.com")
    phone = Client()
    phone.get("/checklist/")
    phone.post("/checklist/ai-training/", {"state": "done"})
    phone.post(link)
    assert list(Tick.objects.values_list("user__email", "item__slug", "state")) == [
        ("ada@example.com", "ai-training", "done")
    ]


def test_the_page_asked_for_before_signing_in_opens_after(guide):
    link = ask("ada@example.com", next="/steps/switch-it-off/")
    assert Client().post(link)["Location"] == "/steps/switch-it-off/"
    link = ask("bea@example.com", next="https://elsewhere.example.net/")
    assert Client().post(link)["Location"] == "/checklist/"


def test_someone_else_signed_in_in_that_browser_is_signed_out_first(guide):
    shared = Client()
    shared.force_login(UserFactory(email="bob@example.com"))
    shared.post(ask("ada@example.com"))
    assert signed_in_as(shared) == "ada@example.com"


def test_a_squatters_password_does_not_outlive_the_link(guide):
    squatter = UserFactory(username="cy@example.com", email="cy@example.com", proved=False)
    Client().post(ask("cy@example.com"))
    squatter.refresh_from_db()
    assert not squatter.has_usable_password()
    assert list(proof.members()) == [squatter]


def test_a_champion_signs_in_by_link_as_by_code(guide):
    champion = ChampionFactory(email="boss@example.com", proved=False)
    browser = Client()
    browser.post(ask("boss@example.com"))
    assert signed_in_as(browser) == "boss@example.com"
    assert browser.get("/dashboard/").status_code == 200
    assert list(proof.members()) == [champion]


def test_without_sign_in_by_link_a_link_signs_nobody_in(guide, settings):
    link = ask("ada@example.com")
    settings.SIGN_IN_BY_LINK = False
    browser = Client()
    for response in (browser.get(link), browser.post(link), browser.post(link + "new/")):
        assert response.status_code == 400
        assert "single sign-on" in response.content.decode()
    assert not signed_in_as(browser)


def test_an_address_taken_off_the_staff_list_cannot_use_its_link(guide, settings):
    settings.SIGN_IN_DIRECTORY_ONLY = True
    row = ColleagueFactory(email="dee@example.com")
    link = ask("dee@example.com")
    row.active = False
    row.save()
    browser = Client()
    for response in (browser.post(link), browser.post(link + "new/")):
        assert response.status_code == 400
        assert "may not sign in here" in response.content.decode()
    assert not signed_in_as(browser)


def test_an_address_outside_the_allowed_domains_cannot_use_its_link(guide, settings):
    link = ask("eve@elsewhere.org")
    settings.SIGNUP_ALLOWED_DOMAINS = ["example.com"]
    browser = Client()
    assert browser.post(link).status_code == 400
    assert not signed_in_as(browser)


def test_a_deactivated_account_cannot_use_its_link(guide):
    link = ask("fin@example.com")
    from accounts.models import User

    User.objects.filter(email="fin@example.com").update(is_active=False)
    browser = Client()
    assert browser.post(link).status_code == 400
    assert not signed_in_as(browser)


def test_the_daily_purge_removes_expired_links_and_keeps_fresh_ones(guide, settings):
    ask("ada@example.com")
    call_command("purge_expired")
    assert SignInLink.objects.count() == 1
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = -1
    call_command("purge_expired")
    assert not SignInLink.objects.exists()
