"""The site in German: chosen by the browser, by the switcher, or by the account; the
guide's German content with LinkedIn's German labels; e-mails in the colleague's language."""

import re
from pathlib import Path

import polib
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from accounts import language
from accounts.models import User
from champions import reminders
from guide import content, loading, page_cache, summaries
from guide.models import Step, Tick
from tests.conftest import sign_in_by_mail
from tests.factories import ChampionFactory, TickFactory, UserFactory

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}
CATALOGUE = Path(__file__).parents[2] / "locale" / "de" / "LC_MESSAGES" / "django.po"

# LinkedIn's German on-screen labels as ../shared/sources/FACTS-de.md gives them, by step.
GERMAN_LABELS = {
    "open-settings": ["Sie", "Einstellungen & Datenschutz"],
    "find-the-ai-setting": [
        "Datenschutz",
        "So verwendet LinkedIn Ihre Daten",
        "Daten zur Verbesserung generativer KI",
    ],
    "switch-it-off": ["Ihre Daten zum Schulen von KI-Modellen verwenden, um Inhalte zu erstellen"],
    "get-a-copy-of-your-data": ["Kopie Ihrer Daten anfordern", "Archiv anfordern"],
}


def german(text):
    with translation.override("de"):
        return translation.gettext(text)


def html_lang(page):
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_a_german_browser_gets_the_overview_in_german(client, guide):
    page = client.get("/", **GERMAN).content.decode()
    assert html_lang(page) == "de"
    assert "LinkedIns KI-Training mit Ihren Daten ausschalten" in page
    assert german("The steps") in page and german("The steps") != "The steps"
    assert "Switching it off takes about" not in page
    assert "Das Ausschalten dauert am Computer etwa 3 Minuten." in page
    assert "4. Dezember 2026" in page  # the German date form


def test_every_step_is_german_with_linkedins_german_labels(client, guide):
    for step in guide.steps.all():
        page = client.get(step.get_absolute_url(), **GERMAN).content.decode()
        assert html_lang(page) == "de"
        assert f'<h1 id="step-title">{step.title_de.replace("&", "&amp;")}</h1>' in page
        for label in GERMAN_LABELS.get(step.slug, []):
            assert f'<span class="ui-label">{label.replace("&", "&amp;")}</span>' in page
        assert "Look for these words on screen" not in page
        assert "Last verified" not in page


def test_a_label_without_a_verified_german_wording_shows_the_english_one_and_says_so(client, guide):
    step = guide.steps.get(slug="manage-data-and-activity")
    page = client.get(step.get_absolute_url(), **GERMAN).content.decode()
    assert '<span class="ui-label" lang="en">Manage your data and activity</span>' in page
    assert german(
        "The wording in this language has not been verified: LinkedIn’s English screen shows this."
    ) in page.replace("&#x27;", "’")


def test_german_pages_cite_german_sources_and_english_pages_do_not(client, guide):
    step = guide.steps.get(slug="switch-it-off")
    german_page = client.get(step.get_absolute_url(), **GERMAN).content.decode()
    english_page = client.get(step.get_absolute_url()).content.decode()
    for source in step.sources.all():
        assert source.url.replace("&", "&amp;") in german_page
        assert (source.url.replace("&", "&amp;") in english_page) == (source.language == "en")
    assert step.sources.filter(language="de").exists()


def test_a_text_not_yet_translated_falls_back_to_english_visibly(client, guide):
    step = guide.steps.get(slug="switch-it-off")
    Step.objects.filter(pk=step.pk).update(body_de=None)
    page_cache.content_changed()
    page = client.get(step.get_absolute_url(), **GERMAN).content.decode()
    assert '<div class="prose" lang="en">' in page
    assert "Use my data for training content creation AI models" in page
    assert german("This text has not been translated yet: it is shown in English.") in page


def test_one_readers_language_is_never_served_to_another(client, guide):
    step = guide.steps.get(slug="open-settings")
    for _ in range(2):  # the second round comes from the page cache
        assert html_lang(client.__class__().get("/", **GERMAN).content.decode()) == "de"
        assert html_lang(client.__class__().get("/").content.decode()) == "en"
        de = client.__class__().get(step.get_absolute_url(), **GERMAN).content.decode()
        en = client.__class__().get(step.get_absolute_url()).content.decode()
        assert step.title_de in de.replace("&amp;", "&") and step.title_en not in de
        assert step.title_en in en.replace("&amp;", "&") and step.title_de not in en


def test_the_switcher_is_a_plain_form_and_the_choice_sticks(client, guide):
    page = client.get("/", **GERMAN).content.decode()
    switcher = re.search(r'<form class="language-switcher".*?</form>', page, re.S).group(0)
    assert 'method="post"' in switcher and 'action="/language/"' in switcher
    assert 'name="language" value="en" lang="en"' in switcher

    response = client.post("/language/", {"language": "en", "next": "/steps/open-settings/"})
    assert response.status_code == 302 and response.url == "/steps/open-settings/"
    # The browser still asks for German; the choice wins, on every page.
    for path in ("/", "/steps/open-settings/", "/checklist/"):
        assert html_lang(client.get(path, **GERMAN).content.decode()) == "en"


def test_a_signed_in_colleagues_choice_follows_them_to_another_browser(client, guide):
    user = UserFactory(email="anna@example.com")
    sign_in_by_mail(client, user.email)
    client.post("/language/", {"language": "de", "next": "/"})
    user.refresh_from_db()
    assert user.language == "de"

    other_browser = client.__class__()
    sign_in_by_mail(other_browser, user.email)  # an English browser
    assert html_lang(other_browser.get("/checklist/").content.decode()) == "de"


def test_the_switcher_refuses_nonsense_without_changing_anything(client, guide):
    assert client.get("/language/").status_code == 405
    for code in ("xx", "fr", ""):  # fr: Django speaks it, this site does not
        response = client.post("/language/", {"language": code, "next": "/"})
        assert response.status_code == 400 and not response.cookies
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response.url
    assert html_lang(client.get("/", **GERMAN).content.decode()) == "en"


def test_a_language_cookie_the_site_does_not_offer_does_not_hide_the_saved_choice(client, guide):
    user = UserFactory(email="ines@example.com", language="de")
    sign_in_by_mail(client, user.email)
    client.cookies["django_language"] = "fr"
    assert html_lang(client.get("/checklist/").content.decode()) == "de"


def test_a_tick_made_in_german_shows_in_english(client, guide):
    user = UserFactory(email="ben@example.com")
    sign_in_by_mail(client, user.email)
    client.post("/language/", {"language": "de", "next": "/checklist/"})
    response = client.post(
        "/checklist/ai-training/", {"state": "done", "next": "/checklist/"}, follow=True
    )
    german_page = response.content.decode()
    assert html_lang(german_page) == "de" and german("Done") in german_page
    client.post("/language/", {"language": "en", "next": "/checklist/"})
    page = client.get("/checklist/").content.decode()
    assert html_lang(page) == "en"
    assert re.search(r'data-item="ai-training" data-state="done"', page)
    assert Tick.objects.get(user=user, item__slug="ai-training").state == "done"


def test_the_sign_in_mail_is_in_the_language_of_the_page_it_was_asked_on(client, guide, settings):
    client.post("/accounts/login/code/", {"email": "cora@example.com"}, **GERMAN)
    german_mail = mail.outbox[-1]
    client.__class__().post("/accounts/login/code/", {"email": "cora@example.com"})
    english_mail = mail.outbox[-1]
    reading_elsewhere = "Or type this code in the browser where you asked to sign in:"
    assert german(reading_elsewhere) in german_mail.body
    assert reading_elsewhere in english_mail.body
    assert german_mail.subject != english_mail.subject
    assert settings.SITE_NAME in english_mail.subject and settings.SITE_NAME in german_mail.subject


def test_reminders_go_in_each_colleagues_language(guide, settings):
    settings.SITE_URL = "https://optout.example"
    german_colleague = UserFactory(email="dora@example.com", language="de")
    english_colleague = UserFactory(email="emil@example.com", language="")
    summaries.summarise(guide)
    sent = {message.to[0]: message for message in _send_reminders(guide)}
    assert german("Hello,") in sent[german_colleague.email].body
    assert "„" in sent[german_colleague.email].body  # German quotation marks
    assert "Hello," in sent[english_colleague.email].body
    german_item = guide.items.get(slug="ai-training").title_de
    assert german_item in sent[german_colleague.email].body


def _send_reminders(guide):
    mail.outbox = []
    reminders.send(guide)
    return mail.outbox


def test_the_first_sign_in_saves_the_language_it_was_made_in(guide):
    from django.test import Client

    german_browser = Client(**GERMAN)
    sign_in_by_mail(german_browser, UserFactory(email="gina@example.com").email)
    gina = User.objects.get(email="gina@example.com")
    assert gina.language == "de"
    assert language.for_mail(gina) == "de"  # reminders reach her in German


def test_every_message_of_the_catalogue_is_translated():
    catalogue = polib.pofile(str(CATALOGUE))
    assert [entry.msgid for entry in catalogue if not entry.translated()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    # The compiled catalogue Django reads (scripts/compile_messages.py) holds all of them.
    compiled = {entry.msgid for entry in polib.mofile(str(CATALOGUE.with_suffix(".mo")))}
    assert {entry.msgid for entry in catalogue} <= compiled


def test_german_text_uses_german_quotation_marks():
    for entry in polib.pofile(str(CATALOGUE)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            prose = re.sub(r"<[^>]+>", "", text)  # quotes around attributes are HTML
            assert '"' not in prose and "”" not in prose, entry.msgid
            assert prose.count("„") == prose.count("“"), entry.msgid


def test_the_admin_shows_both_languages_side_by_side_and_a_german_edit_shows(client, guide):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    step = guide.steps.get(slug="switch-it-off")
    page = client.get(f"/admin/guide/step/{step.pk}/change/")
    form = page.context["adminform"].form
    assert {"title_en", "title_de", "body_en", "body_de", "phone_de"} <= set(form.fields)
    labels = next(f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "labels")
    assert {"text_en", "text_de", "note_de"} <= set(labels.formset.forms[0].fields)

    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["title_de"] = "Den KI-Schalter ausschalten"
    data["sources"] = [source.pk for source in step.sources.all()]
    management = labels.formset.management_form
    for name in management.fields:
        data[f"labels-{name}"] = management[name].value()
    for index, sub in enumerate(labels.formset.forms):
        for name in sub.fields:
            if sub[name].value() is not None:
                data[f"labels-{index}-{name}"] = sub[name].value()
    assert client.post(f"/admin/guide/step/{step.pk}/change/", data).status_code == 302

    reader = client.__class__()
    assert (
        "Den KI-Schalter ausschalten"
        in reader.get(step.get_absolute_url(), **GERMAN).content.decode()
    )
    assert (
        "Switch off the AI training toggle" in reader.get(step.get_absolute_url()).content.decode()
    )


def test_loading_the_guide_again_adds_a_new_translation_but_keeps_edits(guide):
    """As on the first start after upgrading: the German is missing, champions have
    edited the English. The German arrives; their edits stay."""
    from guide.models import Label, Source

    step = guide.steps.get(slug="open-settings")
    Step.objects.filter(pk=step.pk).update(title_de="Von Hand geändert")
    other = guide.steps.get(slug="switch-it-off")
    Step.objects.filter(pk=other.pk).update(title_de=None, body_de=None)
    Label.objects.filter(step=other).update(
        text_de=None, variants_de=None, note_de=None, note_en="Edited by the champion"
    )
    own_source = Source.objects.create(slug="own", title="Ours", publisher="Us", url="https://x")
    other.sources.add(own_source)
    other.sources.remove(*other.sources.filter(language="de"))

    loading.load(content.read())

    assert Step.objects.get(pk=step.pk).title_de == "Von Hand geändert"
    other.refresh_from_db()
    assert other.title_de and other.body_de  # missing, so added
    labels = list(other.labels.all())
    assert [label.text_de for label in labels] == GERMAN_LABELS["switch-it-off"]
    assert [label.note_en for label in labels] == ["Edited by the champion"]
    assert own_source in other.sources.all() and other.sources.filter(language="de").exists()


def test_a_german_label_without_variants_shows_none_of_the_english_ones(client, guide):
    step = guide.steps.get(slug="find-the-ai-setting")
    page = client.get(step.get_absolute_url(), **GERMAN).content.decode()
    assert "Data Privacy" not in page  # the English screen's variant of "Data privacy"
    assert "Data Privacy" in client.get(step.get_absolute_url()).content.decode()


def test_invitations_go_in_the_staff_lists_language_else_the_sites(guide, tmp_path, settings):
    from directory.models import Colleague

    settings.SITE_URL = "https://optout.example"
    staff = tmp_path / "entra.csv"
    staff.write_text(
        "userPrincipalName,displayName,department,usageLocation,preferredLanguage\n"
        "jana@example.com,Jana,Sales,DE,de-DE\n"
        "kim@example.com,Kim,Sales,GB,en-GB\n"
        "lea@example.com,Lea,Sales,FR,fr-FR\n",
        encoding="utf-8",
    )
    call_command("import_directory", staff)
    assert dict(Colleague.objects.values_list("email", "language")) == {
        "jana@example.com": "de",
        "kim@example.com": "en",
        "lea@example.com": "",  # not offered: the site's language
    }
    call_command("send_invitations")
    sent = {message.to[0]: message for message in mail.outbox}
    invitation_intro = (
        "LinkedIn uses members' profiles and posts to train its AI unless they switch it off. "
        "Our short guide shows where the setting is, and three more worth a look. It takes "
        "about two minutes on a computer."
    )
    assert german(invitation_intro) in sent["jana@example.com"].body
    assert invitation_intro in sent["kim@example.com"].body
    assert invitation_intro in sent["lea@example.com"].body

    # A later file without the column keeps what the earlier one said.
    staff.write_text("email,name,department,country\njana@example.com,Jana,Sales,DE\n")
    call_command("import_directory", staff)
    assert Colleague.objects.get(email="jana@example.com").language == "de"


def test_a_colleague_typed_in_mixed_case_is_matched_and_german_country_names_count(guide, tmp_path):
    from directory import matching
    from directory.models import Colleague

    user = UserFactory(email="anna@firma.de")
    Colleague.objects.create(email=" Anna@Firma.de", name="Anna")  # as typed in the admin
    matching.match_all()
    assert Colleague.objects.get().email == "anna@firma.de"
    assert Colleague.objects.get().user == user

    staff = tmp_path / "personal.csv"
    staff.write_text("email;name;department;country\nben@firma.de;Ben;Vertrieb;Deutschland\n")
    call_command("import_directory", staff)
    assert Colleague.objects.get(email="ben@firma.de").country == "DE"


def test_the_german_dashboard_names_countries_in_german_and_draws_its_charts(
    client, guide, settings
):
    from directory.models import Colleague

    settings.DASHBOARD_SECONDS = 60
    colleague = UserFactory(email="carla@firma.de")
    Colleague.objects.create(email="carla@firma.de", country="DE", department="Vertrieb")
    from directory import matching

    matching.match_all()
    for item in guide.items.filter(optional=False):
        TickFactory(user=colleague, item=item, state="done")
    summaries.summarise(guide)
    client.force_login(ChampionFactory(permissions=["view_dashboard"]))
    page = client.get("/dashboard/", **GERMAN).content.decode()
    assert "Deutschland (DE)" in page
    assert (
        german("Counted at %(time)s; the figures are counted again at most every minute.").split(
            "%(time)s"
        )[0]
        in page
    )
    # SVG coordinates are numbers, not German decimals ("2,0" draws nothing).
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        assert not re.search(r'(x|y|width|height)="\d+,\d', svg)
    english = client.get("/dashboard/").content.decode()
    assert "Germany (DE)" in english  # the same counted figures, named in English


def test_load_guide_fills_german_only_into_labels_whose_english_is_unchanged(guide):
    """A champion removed a label: the file's German goes to the label it belongs to,
    and a German source they removed stays removed."""
    from guide.models import Label

    step = guide.steps.get(slug="find-the-ai-setting")
    Label.objects.filter(step=step).update(text_de=None)
    step.labels.filter(text_en="Data privacy").delete()
    removed = step.sources.filter(language="de").first()
    step.sources.remove(removed)

    loading.load(content.read())

    german = dict(step.labels.values_list("text_en", "text_de"))
    assert german == {
        "How LinkedIn uses your data": "So verwendet LinkedIn Ihre Daten",
        "Data for Generative AI Improvement": "Daten zur Verbesserung generativer KI",
    }
    assert removed not in step.sources.all()
