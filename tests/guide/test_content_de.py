"""The German overlay (`linkedin.de.toml`) matches the English guide and FACTS-de.md.

Like test_content_facts.py these read the TOML files directly: no database, no loader.
The overlay has one table per English step and item slug, one label per English label
(same order), German sources of its own, and the English word budgets.
"""

import datetime
import re
import tomllib
from pathlib import Path

import pytest

from tests.guide.test_content_facts import blocks, list_items, plain, prose, words

CONTENT_DIR = Path(__file__).resolve().parents[2] / "guide" / "content"
ENGLISH = CONTENT_DIR / "linkedin.toml"
GERMAN = CONTENT_DIR / "linkedin.de.toml"

# The 4 December 2026 fact-check covered both files: the German says "last verified" on
# the same day as the English wherever the facts are the same (all of them, today).
VERIFIED = datetime.date(2026, 12, 4)

# English label -> German label as FACTS-de.md recommends it; "" where it found none (the
# page then shows the English label and says the German wording is not verified).
RECOMMENDED = {
    "Me": "Sie",
    "Settings & Privacy": "Einstellungen & Datenschutz",
    "Data privacy": "Datenschutz",
    "How LinkedIn uses your data": "So verwendet LinkedIn Ihre Daten",
    "Data for Generative AI Improvement": "Daten zur Verbesserung generativer KI",
    "Use my data for training content creation AI models": (
        "Ihre Daten zum Schulen von KI-Modellen verwenden, um Inhalte zu erstellen"
    ),
    "Manage your data and activity": "",
    "Get a copy of your data": "Kopie Ihrer Daten anfordern",
    "Request archive": "Archiv anfordern",
    "Advertising data": "Anzeigendaten",
    # Setting name only C confidence (one secondary summary): a variant, not the label.
    "Share data with affiliates and partners": "",
}

# Wordings FACTS-de.md traces to machine translations only: never shown as variants.
MACHINE_ONLY = {
    "Ich",
    "Einstellungen und Datenschutz",
    "Wie LinkedIn Ihre Daten verwendet",
    "Daten zur generativen KI-Verbesserung",
    "Daten zur Verbesserung der generativen KI",
}

# German source titles exactly as FACTS-de.md gives them.
TITLES = {
    "netzpolitik-2025": (
        "Opt-Out-Anleitung: So verhinderst du, dass LinkedIn mit deinen Daten KI trainiert"
    ),
    "sonntagsblatt-2025": (
        "LinkedIn nutzt eure Daten fürs KI-Training – so bleibt eure Privatsphäre geschützt"
    ),
    "srf-2025": "Datensicherheit: Linkedin nutzt Daten für KI-Training – so können Sie sich wehren",
    "watson-2025": (
        "Linkedin will mit deinen Daten seine KI trainieren – so legst du Widerspruch ein"
    ),
    "lfd-niedersachsen-2025": (
        "LinkedIn startet KI-Training mit Nutzerdaten – "
        "wir geben Hinweise zur Widerspruchsmöglichkeit"
    ),
    "hmbbfdi-2025": (
        "LinkedIn plant KI-Training mit Nutzer:innendaten – "
        "Widerspruchfrist läuft bis zum 3. November 2025"
    ),
    "linkedin-hilfe-datenexport": "Ihre Kontodaten herunterladen",
}
# FACTS-de.md gives no headline for this one: the title says so instead of inventing one.
UNTITLED = {"tlfdi-eichsfeld-2025", "sdtb-sachsen-2025"}

# Hosts of the machine-translated pages FACTS-de.md lists: never cited.
MACHINE_TRANSLATED_HOSTS = [
    "rubensaystech.com",
    "tecnobits.com",
    "thewindowsclub.blog",
    "amkstation.com",
    "1techpc.de",
    "anzui.de",
    "cloudo3.com",
    "reviensmedia.com",
    "thefilibusterblog.com",
    "ecommercebridge.ch",
]

MONTHS_DE = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
MONTHS_EN_ONLY = "January|February|March|May|June|July|October|December"


@pytest.fixture(scope="module")
def en():
    with open(ENGLISH, "rb") as file:
        return tomllib.load(file)


@pytest.fixture(scope="module")
def de():
    with open(GERMAN, "rb") as file:
        return tomllib.load(file)


@pytest.fixture(scope="module")
def en_steps(en):
    return {step["slug"]: step for step in en["steps"]}


@pytest.fixture(scope="module")
def de_sources(de):
    return {source["slug"]: source for source in de["sources"]}


def lead(body):
    """What is shown before the Background fold (a `---` line, SCHEMA.md)."""
    return re.split(r"^---[ \t]*$", body, maxsplit=1, flags=re.M)[0]


def label_pairs(de, en_steps):
    """(step slug, step, English label, German label) for every label, in order."""
    for slug, step in de["steps"].items():
        english = en_steps[slug].get("labels", [])
        for pair in zip(english, step.get("labels", []), strict=True):
            yield slug, step, *pair


def german_texts(de):
    """Every piece of German prose a reader sees (titles, bodies, notes, checklist)."""
    texts = [("guide.title", de["guide"]["title"]), ("guide.intro", de["guide"]["intro"])]
    for slug, step in de["steps"].items():
        texts += [(f"{slug}.title", step["title"]), (f"{slug}.body", step["body"])]
        texts.append((f"{slug}.phone", step["phone"]))
        texts += [(f"{slug}.note", label["note"]) for label in step.get("labels", [])]
    for slug, item in de["items"].items():
        texts += [(f"{slug}.item", item["title"]), (f"{slug}.summary", item["summary"])]
    return texts


# --- shape: the overlay mirrors the English file -----------------------------------------


def test_the_file_says_it_is_german(de):
    assert de["language"] == "de"
    assert de["guide"]["title"].strip()
    assert de["guide"]["intro"].strip()
    assert de["guide"]["last_verified"] == VERIFIED


def test_every_english_step_has_a_german_one_and_nothing_extra(en, de):
    assert list(de["steps"]) == [step["slug"] for step in en["steps"]]


def test_the_dates_last_verified_are_the_english_ones(en, de, en_steps):
    assert de["guide"]["last_verified"] == en["guide"]["last_verified"]
    for slug, step in de["steps"].items():
        assert step["last_verified"] == en_steps[slug]["last_verified"], slug


def test_every_step_title_is_translated(de, en_steps):
    for slug, step in de["steps"].items():
        assert step["title"].strip(), slug
        assert step["title"] != en_steps[slug]["title"], slug


def test_every_english_item_has_a_german_one_and_nothing_extra(en, de):
    assert list(de["items"]) == [item["slug"] for item in en["items"]]
    for slug, item in de["items"].items():
        assert set(item) == {"title", "summary"}, slug
        assert item["title"].strip() and item["summary"].strip(), slug


def test_every_step_has_its_fields_and_a_date(de, en_steps):
    for slug, step in de["steps"].items():
        assert {"title", "body", "phone", "last_verified", "sources"} <= set(step), slug
        assert step["title"].strip() and step["body"].strip(), slug
        assert step["last_verified"] == VERIFIED, slug
        # A phone text exactly where the English has one.
        assert bool(step["phone"].strip()) == bool(en_steps[slug]["phone"].strip()), slug


def test_every_english_label_has_one_german_label_in_the_same_place(de, en_steps):
    for slug, step in de["steps"].items():
        english = en_steps[slug].get("labels", [])
        german = step.get("labels", [])
        assert len(german) == len(english), slug
        for label in german:
            assert set(label) == {"text", "variants", "note"}, slug
            assert isinstance(label["text"], str), slug
            assert isinstance(label["variants"], list), slug
            assert all(isinstance(v, str) and v.strip() for v in label["variants"]), slug
            assert label["note"].strip(), slug


# --- sources -------------------------------------------------------------------------------


def test_every_german_source_is_complete_and_new(en, de_sources):
    english_slugs = {source["slug"] for source in en["sources"]}
    for slug, source in de_sources.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert slug not in english_slugs, slug
        for field in ("title", "publisher", "url"):
            assert source[field].strip(), (slug, field)
        assert source["url"].startswith("https://"), slug
        assert source["published"] == "" or datetime.date.fromisoformat(source["published"])
        for host in MACHINE_TRANSLATED_HOSTS:
            assert host not in source["url"], slug


def test_german_source_titles_are_as_published(de_sources):
    assert set(de_sources) == set(TITLES) | UNTITLED
    for slug, title in TITLES.items():
        assert de_sources[slug]["title"] == title, slug
    for slug in UNTITLED:
        assert "nicht geprüft" in de_sources[slug]["title"], slug


def test_every_step_cites_a_german_source_that_exists(de, de_sources):
    for slug, step in de["steps"].items():
        assert step["sources"], slug
        assert set(step["sources"]) <= set(de_sources), slug


def test_every_german_source_is_cited(de, de_sources):
    cited = {slug for step in de["steps"].values() for slug in step["sources"]}
    assert cited == set(de_sources)


def test_sources_that_carry_the_german_facts_are_cited_where_used(de):
    steps = de["steps"]
    assert "linkedin-hilfe-datenexport" in steps["open-settings"]["sources"]
    assert "linkedin-hilfe-datenexport" in steps["get-a-copy-of-your-data"]["sources"]
    assert "sonntagsblatt-2025" in steps["switch-it-off"]["sources"]
    assert "srf-2025" in steps["data-sharing-with-microsoft"]["sources"]
    assert "tlfdi-eichsfeld-2025" in steps["how-linkedin-uses-your-data"]["sources"]
    limits = steps["what-it-does-and-does-not-do"]["sources"]
    assert {"hmbbfdi-2025", "lfd-niedersachsen-2025"} <= set(limits)


# --- labels ----------------------------------------------------------------------------------


def test_labels_are_the_recommended_german_ones(de, en_steps):
    for slug, _step, english, german in label_pairs(de, en_steps):
        assert english["text"] in RECOMMENDED, english["text"]
        assert german["text"] == RECOMMENDED[english["text"]], (slug, english["text"])


def test_the_named_labels_are_exact(de):
    texts = {
        slug: [label["text"] for label in step.get("labels", [])]
        for slug, step in de["steps"].items()
    }
    assert texts["open-settings"] == ["Sie", "Einstellungen & Datenschutz"]
    assert texts["find-the-ai-setting"] == [
        "Datenschutz",
        "So verwendet LinkedIn Ihre Daten",
        "Daten zur Verbesserung generativer KI",
    ]
    assert texts["switch-it-off"] == [
        "Ihre Daten zum Schulen von KI-Modellen verwenden, um Inhalte zu erstellen"
    ]
    assert texts["how-linkedin-uses-your-data"] == ["So verwendet LinkedIn Ihre Daten"]
    assert texts["get-a-copy-of-your-data"] == ["Kopie Ihrer Daten anfordern", "Archiv anfordern"]
    assert texts["data-sharing-with-microsoft"][:2] == [
        "Einstellungen & Datenschutz",
        "Anzeigendaten",
    ]


def test_labels_not_found_in_german_are_empty_and_named_in_english(de, en_steps):
    assert [label["text"] for label in de["steps"]["manage-data-and-activity"]["labels"]] == [""]
    for slug, step, english, german in label_pairs(de, en_steps):
        if german["text"] == "":
            # The body names the English label and says the German is not verified.
            assert f"**{english['text']}**" in step["body"], slug
            assert re.search(r"nicht (geprüft|bestätigt)", plain(step["body"])), slug


def test_the_unconfirmed_ad_setting_name_is_a_variant_only(de):
    label = de["steps"]["data-sharing-with-microsoft"]["labels"][2]
    assert label["text"] == ""
    assert label["variants"] == ["Daten mit verbundenen Unternehmen und Partnern teilen"]
    assert "unbestätigt" in label["note"]


def test_variants_are_never_machine_translation_only(de):
    for slug, step in de["steps"].items():
        for label in step.get("labels", []):
            assert not set(label["variants"]) & MACHINE_ONLY, slug
            assert label["text"] not in label["variants"], slug


def test_every_given_label_is_bold_in_its_step(de):
    # The body (or the phone text) names each given label exactly, in bold, as the English
    # does; the section label of the review step is named in its title instead.
    for slug, step in de["steps"].items():
        text = step["body"] + step["phone"]
        for label in step.get("labels", []):
            if label["text"] and slug != "how-linkedin-uses-your-data":
                assert f"**{label['text']}**" in text, (slug, label["text"])


# --- language --------------------------------------------------------------------------------


def test_prose_uses_german_quotation_marks(de):
    for where, text in german_texts(de):
        assert '"' not in text, where
        assert text.count("„") == text.count("“"), where
        assert "”" not in text and "«" not in text, where


def test_no_english_label_in_german_prose_where_the_german_one_is_known(de, en_steps):
    pairs = [(english["text"], german["text"]) for *_, english, german in label_pairs(de, en_steps)]
    known = {english for english, german in pairs if german}
    unknown = {english for english, german in pairs if not german}
    assert not known & unknown
    for where, text in german_texts(de):
        for english in known:
            assert not re.search(rf"(?<!\w){re.escape(english)}(?!\w)", text), (where, english)


def test_dates_are_written_the_german_way(de):
    for where, text in german_texts(de):
        assert not re.search(rf"\b\d{{1,2}} ({MONTHS_DE})\b", text), where
        assert not re.search(rf"\b({MONTHS_EN_ONLY})\b", text), where
    intro = plain(de["guide"]["intro"])
    assert "3. November 2025" in intro
    entries = list_items(de["steps"]["what-it-does-and-does-not-do"]["body"])
    dates = [re.match(r"- \*\*([^*:]+):?\*\*", entry).group(1).rstrip(":") for entry in entries]
    assert dates == [
        "September 2024",
        "23. September 2025",
        "3. November 2025",
        "7. November 2025",
    ]


def test_the_reader_is_addressed_as_sie(de):
    for where, text in german_texts(de):
        assert not re.search(r"\b(du|dich|dir|dein\w*)\b", text, re.I), where


# --- German facts from FACTS-de.md land in the background, briefly --------------------------


def test_german_additions_are_background(de):
    steps = de["steps"]
    switch = steps["switch-it-off"]["body"]
    assert "**Aus**" in lead(switch)
    fold = switch[len(lead(switch)) :]
    assert "**Ein**" in fold and "Farbe" in fold
    phone = plain(steps["switch-it-off"]["phone"])
    path = ["Profilbild (oben links)", "Einstellungen", "Datenschutz", "generativer KI", "Aus"]
    positions = [phone.index(part) for part in path]
    assert positions == sorted(positions)
    research = steps["how-linkedin-uses-your-data"]["body"]
    assert "**Sozial-, Wirtschafts- und Arbeitsplatzforschung**" not in lead(research)
    assert "**Sozial-, Wirtschafts- und Arbeitsplatzforschung**" in research
    ads = steps["data-sharing-with-microsoft"]["body"]
    assert "Deutschland, Österreich und der Schweiz" in plain(ads[len(lead(ads)) :])
    limits = steps["what-it-does-and-does-not-do"]["body"]
    fold = limits[len(lead(limits)) :]
    assert "Niedersachsen" in fold and "Hamburg" in fold and "Thüringen" in fold


def test_group_messages_are_used_and_private_messages_are_not(de):
    body = de["steps"]["what-it-does-and-does-not-do"]["body"]
    used = plain(next(b for b in blocks(body) if b.startswith("**Genutzt:**")))
    not_used = plain(next(b for b in blocks(body) if b.startswith("**Nicht genutzt:**")))
    assert "Gruppennachrichten" in used and "private Nachrichten" not in used
    assert "private Nachrichten" in not_used and "Gruppennachrichten" not in not_used
    assert "InMail" in not_used and "unter 18" in not_used


# --- length: the English budgets ---------------------------------------------------------


def test_the_intro_is_at_most_120_words(de):
    assert words(de["guide"]["intro"]) <= 120


@pytest.mark.parametrize("slug", ["open-settings", "find-the-ai-setting", "switch-it-off"])
def test_the_first_three_steps_are_short_and_lead_with_the_action(de, slug):
    step = de["steps"][slug]
    shown = lead(step["body"])
    assert words(shown) <= 90
    paragraphs = blocks(shown)
    assert len(paragraphs) <= 2
    action = paragraphs[0]
    if slug == "open-settings":
        # Its action is the link to the switch (a button on screen, an address on paper);
        # the menu path is in its labels.
        assert words(shown) <= 10 and "Link" in action
    else:
        assert f"**{step['labels'][0]['text']}**" in action
    assert words(action) <= 30
    assert words(paragraphs[-1]) <= 60


def test_every_lead_is_at_most_90_words(de):
    for slug, step in de["steps"].items():
        if slug != "what-it-does-and-does-not-do":
            assert words(lead(step["body"])) <= 90, slug


def test_the_limits_step_is_at_most_200_words_plus_a_short_list(de):
    body = de["steps"]["what-it-does-and-does-not-do"]["body"]
    assert sum(words(block) for block in prose(body)) <= 200
    assert sum(words(item) for item in list_items(body)) <= 90


def test_the_whole_german_guide_keeps_the_english_budget(de):
    texts = [de["guide"]["intro"]]
    texts += [text for step in de["steps"].values() for text in (step["body"], step["phone"])]
    assert sum(words(text) for text in texts) <= 900
