import pytest
from django.core.management import CommandError, call_command

from tests.conftest import sign_in_by_mail


def test_create_champion_makes_someone_who_signs_in_by_link_and_sees_the_dashboard(client, guide):
    call_command("create_champion", "Boss@Example.com")
    sign_in_by_mail(client, "boss@example.com")
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/dashboard/members/").status_code == 200


def test_create_champion_refuses_what_is_not_an_address(db):
    with pytest.raises(CommandError, match="not an e-mail address"):
        call_command("create_champion", "boss")
