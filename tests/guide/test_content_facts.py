"""The bundled guide states the corrected facts (FACTS.md, November 2026) and stays short.

These read the TOML file directly: no database, no loader. Each test pins one fact or
one budget, so a later edit that reintroduces an old mistake fails loudly.
"""

import datetime
import re
import tomllib
from pathlib import Path

import pytest

CONTENT = Path(__file__).resolve().parents[2] / "guide" / "content" / "linkedin.toml"

VERIFIED = datetime.date(2026, 12, 1)

AI_SETTING_URL = "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement"
PRIVACY_URL = "https://www.linkedin.com/mypreferences/d/categories/privacy"
ADS_URL = "https://www.linkedin.com/mypreferences/d/categories/ads"
DOWNLOAD_URL = "https://www.linkedin.com/mypreferences/d/download-my-data"

QUESTION = (
    "Can LinkedIn use your personal data and content you create on LinkedIn to train "
    "generative AI models that create content?"
)
TOGGLE = "Use my data for training content creation AI models"

# The wording reported by one hedged blog post only (seed 001); never a label.
UNCONFIRMED = ["Generative AI Features", "Use your content and data to train generative AI models"]

# Titles as published; where a title could not be checked, the title says so.
TITLES = {
    "linkedin-help-ai-training": (
        "Control whether LinkedIn uses your data to improve generative AI (GAI) models "
        "that are used for content creation on LinkedIn"
    ),
    "linkedin-privacy-notice-eu": "European Regional Privacy Notice",
    "linkedin-help-data-export": "Download your account data",
    "linkedin-help-data-sharing": "Data sharing",
    "linkedin-objection-form": "Data Processing Objection Form",
    "mashable-2024": "LinkedIn is using your data to train AI. Here's how to turn it off.",
    "techcrunch-2024": (
        "LinkedIn scraped user data for training before updating its terms of service"
    ),
    "ico-statements": "Our statement on changes to LinkedIn AI data policy",
    "helpnetsecurity-2025": (
        "Report of 18 September 2025 on LinkedIn's AI-training change (headline not verified)"
    ),
    "dutch-dpa-2025": (
        "Warning of 24 September 2025 about LinkedIn's AI training (headline not verified)"
    ),
    "italian-garante-2025": (
        "Press release of 28 October 2025 on objecting to LinkedIn's AI training "
        "(headline not verified)"
    ),
    "register-2025": "You have one week to opt out or become fodder for LinkedIn AI training",
    "gulf-news-2025": (
        "LinkedIn privacy update: Microsoft can use your data from Nov 3 — how to stop it"
    ),
    "hothardware": (
        "Microsoft Is Harvesting Your LinkedIn Data To Train AI Unless You Flip This Toggle"
    ),
    "opt-out-guide-2025": "opt-out guide (2025)",
    "blog-generative-ai-features": (
        "Your LinkedIn Data is Training AI: Here’s How to Opt Out and Protect Your Privacy"
    ),
}

# Slugs are identities: these existed before and must keep their names and order.
STEP_SLUGS = [
    "open-settings",
    "find-the-ai-setting",
    "switch-it-off",
    "how-linkedin-uses-your-data",
    "manage-data-and-activity",
    "get-a-copy-of-your-data",
    "data-sharing-with-microsoft",
    "what-it-does-and-does-not-do",
]
ITEM_SLUGS = [
    "ai-training",
    "how-linkedin-uses-your-data",
    "manage-data-and-activity",
    "get-a-copy-of-your-data",
    "data-sharing-microsoft",
]
OLD_SOURCE_SLUGS_KEPT = {
    "linkedin-help-ai-training",
    "linkedin-help-data-export",
    "linkedin-help-data-sharing",
    "linkedin-objection-form",
    "mashable-2024",
    "techcrunch-2024",
    "register-2025",
    "ico-statements",
    "dutch-dpa-2025",
    "italian-garante-2025",
}


@pytest.fixture(scope="module")
def data():
    with open(CONTENT, "rb") as file:
        return tomllib.load(file)


@pytest.fixture(scope="module")
def steps(data):
    return {step["slug"]: step for step in data["steps"]}


@pytest.fixture(scope="module")
def sources(data):
    return {source["slug"]: source for source in data["sources"]}


# --- helpers ---------------------------------------------------------------------------


def plain(markdown):
    """Markdown to plain text: links keep their text, emphasis and markers go."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*`_#>]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def words(markdown):
    return len(re.findall(r"[\w'’]+(?:[-.][\w'’]+)*", plain(markdown)))


def blocks(markdown):
    """Paragraphs and list items, each joined onto one line."""
    found = []
    for chunk in re.split(r"\n\s*\n", markdown.strip()):
        lines = chunk.splitlines()
        if lines and lines[0].lstrip().startswith("- "):
            for line in lines:
                if line.lstrip().startswith("- "):
                    found.append(line.strip())
                else:
                    found[-1] += " " + line.strip()
        else:
            found.append(" ".join(line.strip() for line in lines))
    return found


def list_items(markdown):
    return [block for block in blocks(markdown) if block.startswith("- ")]


def prose(markdown):
    return [b for b in blocks(markdown) if not b.startswith(("- ", "#"))]


def all_text(step):
    return "\n\n".join([step["title"], step["body"], step.get("phone", "")])


def label_words(step):
    return [w for label in step.get("labels", []) for w in [label["text"], *label["variants"]]]


# --- identities and dates --------------------------------------------------------------


def test_no_slug_was_changed(data, sources):
    assert [step["slug"] for step in data["steps"]] == STEP_SLUGS
    assert [item["slug"] for item in data["items"]] == ITEM_SLUGS
    assert data["guide"]["slug"] == "linkedin-ai-training"
    assert set(sources) >= OLD_SOURCE_SLUGS_KEPT


def test_every_date_last_verified_is_1_december_2026(data):
    assert data["guide"]["last_verified"] == VERIFIED
    assert {step["slug"]: step["last_verified"] for step in data["steps"]} == {
        slug: VERIFIED for slug in STEP_SLUGS
    }


# --- sources ---------------------------------------------------------------------------


def test_every_step_cites_at_least_one_known_source(data, sources):
    for step in data["steps"]:
        assert step["sources"], step["slug"]
        assert set(step["sources"]) <= set(sources), step["slug"]


def test_every_source_is_cited_by_a_step(data, sources):
    cited = {slug for step in data["steps"] for slug in step["sources"]}
    assert cited == set(sources)


def test_source_titles_are_the_titles_as_published(sources):
    assert {slug: source["title"] for slug, source in sources.items()} == TITLES


def test_titles_that_could_not_be_checked_say_so(sources):
    for slug in ("helpnetsecurity-2025", "dutch-dpa-2025", "italian-garante-2025"):
        assert "not verified" in sources[slug]["title"], slug
    # Help 8059228's title was never verified: the source is gone rather than misnamed.
    assert not any("8059228" in source["url"] for source in sources.values())


def test_sources_point_where_they_belong(sources):
    assert sources["register-2025"]["url"] == (
        "https://www.theregister.com/2025/10/27/linkedin_ai_profile_scraping/"
    )
    assert sources["register-2025"]["published"] == "2025-10-27"
    assert sources["ico-statements"]["url"].startswith("https://ico.org.uk/")
    assert sources["ico-statements"]["published"] == "2024-09-20"
    assert "23 September 2025" in sources["ico-statements"]["publisher"]
    assert (
        sources["linkedin-privacy-notice-eu"]["url"] == "https://www.linkedin.com/legal/privacy/eu"
    )
    assert sources["linkedin-privacy-notice-eu"]["published"] == "2025-11-03"
    assert sources["helpnetsecurity-2025"]["published"] == "2025-09-18"
    assert sources["italian-garante-2025"]["url"].startswith("https://www.garanteprivacy.it/")
    assert sources["italian-garante-2025"]["published"] == "2025-10-28"
    assert sources["dutch-dpa-2025"]["url"].startswith("https://www.autoriteitpersoonsgegevens.nl/")
    assert sources["dutch-dpa-2025"]["published"] == "2025-09-24"
    assert sources["linkedin-help-data-export"]["url"].endswith("/a1339364")
    assert sources["linkedin-help-data-sharing"]["url"].endswith("/a1397243")
    assert sources["linkedin-objection-form"]["url"].endswith("/TS-DPRO")


def test_the_seed_guide_is_cited_only_for_what_only_it_carries(steps):
    assert "dozens" in steps["how-linkedin-uses-your-data"]["body"]
    assert "opt-out-guide-2025" in steps["how-linkedin-uses-your-data"]["sources"]
    # The warning that the app may not show the setting comes from the same guide.
    assert "app may not show" in steps["open-settings"]["body"]
    assert "opt-out-guide-2025" in steps["open-settings"]["sources"]


# --- regions ---------------------------------------------------------------------------

REGIONS_2025 = ["EU", "EEA", "Switzerland", "United Kingdom", "Canada", "Hong Kong"]


def test_the_intro_names_the_uk_with_the_3_november_2025_change(data):
    paragraph = next(b for b in blocks(data["guide"]["intro"]) if "3 November 2025" in b)
    for region in REGIONS_2025:
        assert region in plain(paragraph), region


def test_the_dated_list_names_the_uk_with_the_3_november_2025_change(steps):
    step = steps["what-it-does-and-does-not-do"]
    entry = next(i for i in list_items(step["body"]) if i.startswith("- **3 November 2025"))
    for region in REGIONS_2025:
        assert region in entry, region
    assert "legitimate interest" in entry
    for slug in ("linkedin-privacy-notice-eu", "ico-statements", "register-2025"):
        assert slug in step["sources"], slug
    assert "helpnetsecurity-2025" in step["sources"]


def test_nothing_says_reports_disagree_about_the_uk(data):
    texts = [data["guide"]["intro"], *(all_text(step) for step in data["steps"])]
    for text in texts:
        assert "disagree on whether the UK" not in text
        assert "Regulators also disagree" not in text


def test_canada_and_hong_kong_are_never_dated_to_2024(data):
    texts = [data["guide"]["intro"], *(all_text(step) for step in data["steps"])]
    for text in texts:
        for block in blocks(text):
            if "2024" in block:
                assert "Canada" not in block and "Hong Kong" not in block, block


def test_the_dated_list_is_short_and_in_order(steps):
    entries = list_items(steps["what-it-does-and-does-not-do"]["body"])
    assert 2 <= len(entries) <= 4
    dates = [re.match(r"- \*\*([^*:]+):?\*\*", entry).group(1).rstrip(":") for entry in entries]
    assert dates == ["September 2024", "23 September 2025", "3 November 2025"]
    assert "20 September 2024" in entries[0] and "ICO" in entries[0]


# --- regulators ------------------------------------------------------------------------


def test_the_regulators_agree_and_the_advice_is_switch_it_off_now(steps):
    step = steps["what-it-does-and-does-not-do"]
    paragraph = next(b for b in blocks(step["body"]) if "Garante" in b)
    for needle in (
        "Italian regulator",
        "28 October 2025",
        "Dutch",
        "Autoriteit Persoonsgegevens",
        "24 September 2025",
        "agree",
        "**switch it off now**",
    ):
        assert needle in paragraph, needle
    assert "disagree" not in step["body"]
    assert {"italian-garante-2025", "dutch-dpa-2025"} <= set(step["sources"])


# --- the AI setting itself ---------------------------------------------------------------


def test_no_label_or_variant_shows_the_unconfirmed_layout(data):
    for step in data["steps"]:
        for word in label_words(step):
            for wording in UNCONFIRMED:
                assert wording.lower() not in word.lower(), (step["slug"], word)
            assert word not in ("Change", "No"), (step["slug"], word)


def test_the_unconfirmed_layout_is_never_bold_nor_in_the_checklist(data):
    for step in data["steps"]:
        for wording in UNCONFIRMED:
            assert f"**{wording}**" not in all_text(step), step["slug"]
    for item in data["items"]:
        for wording in [*UNCONFIRMED, "No)", "says No"]:
            assert wording not in item["title"] + item["summary"], item["slug"]


def test_the_unconfirmed_layout_cites_the_blog_and_not_the_register(data, sources):
    mentions = [step for step in data["steps"] if "Generative AI Features" in all_text(step)]
    assert len(mentions) <= 1
    for step in mentions:
        paragraph = next(b for b in blocks(step["body"]) if "Generative AI Features" in b)
        assert "unconfirmed" in paragraph
        assert "blog post" in paragraph
        assert "blog-generative-ai-features" in step["sources"]
        assert "register-2025" not in step["sources"]
    assert "theregister.com" not in sources["blog-generative-ai-features"]["url"]


def test_the_register_is_not_cited_for_the_unconfirmed_wording(data):
    for step in data["steps"]:
        if "register-2025" in step["sources"]:
            for wording in [*UNCONFIRMED, '"Change"']:
                assert wording not in all_text(step), step["slug"]


def test_the_question_and_the_toggle_are_quoted_exactly(steps):
    step = steps["switch-it-off"]
    assert f'"{QUESTION}"' in plain(step["body"])
    assert f"**{TOGGLE}**" in step["body"]
    assert [label["text"] for label in step["labels"]] == [TOGGLE]
    assert step["labels"][0]["variants"] == []


def test_the_setting_name_and_its_path_are_quoted_exactly(steps):
    find = steps["find-the-ai-setting"]
    assert [label["text"] for label in find["labels"]] == [
        "Data privacy",
        "How LinkedIn uses your data",
        "Data for Generative AI Improvement",
    ]
    assert label_words(steps["open-settings"]) == ["Me", "Settings & Privacy"]


def test_the_phone_path_is_given_and_desktop_is_recommended(steps):
    phone = plain(steps["switch-it-off"]["phone"])
    assert "profile photo (top left)" in phone
    path = ["Settings", "Data privacy", "Data for Generative AI Improvement", "switch it off"]
    positions = [phone.index(part) for part in path]
    assert positions == sorted(positions)
    assert "computer" in phone
    assert "desktop" in steps["open-settings"]["body"]
    # Step 1 sends phone users to the full app path in step 3 instead of repeating it.
    assert "step 3" in steps["open-settings"]["phone"]
    assert STEP_SLUGS[2] == "switch-it-off"


def test_direct_addresses_are_exactly_the_known_ones(steps):
    assert steps["switch-it-off"]["linkedin_url"] == AI_SETTING_URL
    assert steps["open-settings"]["linkedin_url"] == PRIVACY_URL
    assert steps["find-the-ai-setting"]["linkedin_url"] == PRIVACY_URL
    assert steps["data-sharing-with-microsoft"]["linkedin_url"] == ADS_URL
    assert steps["get-a-copy-of-your-data"]["linkedin_url"] == DOWNLOAD_URL
    known = {AI_SETTING_URL, PRIVACY_URL, ADS_URL, DOWNLOAD_URL, ""}
    assert {step["linkedin_url"] for step in steps.values()} <= known


# --- what it covers ----------------------------------------------------------------------


def test_group_messages_are_used_and_private_messages_are_not(steps):
    body = steps["what-it-does-and-does-not-do"]["body"]
    used = plain(next(b for b in blocks(body) if b.startswith("**Used:**")))
    not_used = plain(next(b for b in blocks(body) if b.startswith("**Not used:**")))
    for thing in (
        "profile",
        "posts",
        "articles",
        "comments",
        "poll answers",
        "AI features",
        "résumés",
        "screening answers",
        "group activity",
        "group messages",
        "feedback",
    ):
        assert thing in used, thing
    assert "private messages" not in used
    for thing in (
        "private messages",
        "inbox",
        "InMail",
        "log-in",
        "payment",
        "salary",
        "job-application",
        "under 18",
    ):
        assert thing in not_used, thing
    assert "group messages" not in not_used


def test_it_covers_content_generating_models_only_and_names_the_objection_form(steps):
    step = steps["what-it-does-and-does-not-do"]
    paragraph = plain(next(b for b in blocks(step["body"]) if "Objection Form" in b))
    assert "Content-generating models only" in paragraph
    assert "Data Processing Objection Form" in paragraph
    for needle in ("EU and EEA", "AI training", "fallback", "written record", "non-members"):
        assert needle in paragraph, needle
    assert "linkedin-objection-form" in step["sources"]


def test_opting_out_works_from_now_on(steps):
    first = blocks(steps["what-it-does-and-does-not-do"]["body"])[0]
    assert first.startswith("**It works from now on.**")
    assert "already trained" in first


# --- the data download -------------------------------------------------------------------


def test_the_data_download_is_described_and_not_possible_on_phones(steps, sources):
    step = steps["get-a-copy-of-your-data"]
    assert [label["text"] for label in step["labels"]] == [
        "Get a copy of your data",
        "Request archive",
    ]
    body = plain(step["body"])
    for needle in ("minutes", "single categories", "24 hours", "full archive", "72 hours"):
        assert needle in body, needle
    phone = plain(step["phone"])
    assert "Not possible on a phone" in phone
    assert "not available on mobile" in phone
    assert "browser" not in phone and "app" not in phone.lower().split()
    assert "linkedin-help-data-export" in step["sources"]
    assert sources["linkedin-help-data-export"]["title"] == "Download your account data"


# --- ad data sharing with Microsoft --------------------------------------------------------


def test_the_ad_data_sharing_step_gives_the_reported_path_and_its_limits(steps, sources):
    step = steps["data-sharing-with-microsoft"]
    assert [label["text"] for label in step["labels"]] == [
        "Settings & Privacy",
        "Advertising data",
        "Share data with affiliates and partners",
    ]
    assert step["labels"][2]["variants"][0] == (
        "Data sharing with our affiliates and select partners"
    )
    body = plain(step["body"])
    for needle in (
        "as reported by the press",
        "not checked it on a live account",
        '"Data sharing"',
        "outside the EU, the EEA and Switzerland",
        "Gulf News",
        "not in the UK",
        "still leaves you Microsoft ads",
        "not ones picked with your LinkedIn data",
        "3 November 2025",
    ):
        assert needle in body, needle
    for slug in ("linkedin-help-data-sharing", "hothardware", "gulf-news-2025", "register-2025"):
        assert slug in step["sources"], slug
    assert sources["linkedin-help-data-sharing"]["title"] == "Data sharing"


def test_the_ad_data_sharing_item_stays_optional(data):
    item = next(i for i in data["items"] if i["step"] == "data-sharing-with-microsoft")
    assert item["optional"] is True


# --- length ------------------------------------------------------------------------------


def test_the_intro_is_at_most_120_words(data):
    assert words(data["guide"]["intro"]) <= 120


@pytest.mark.parametrize("slug", STEP_SLUGS[:3])
def test_the_first_three_steps_are_short_and_lead_with_the_action(steps, slug):
    step = steps[slug]
    # What is shown before the Background fold (a `---` line, SCHEMA.md) is the budget.
    lead = re.split(r"^---[ \t]*$", step["body"], maxsplit=1, flags=re.M)[0]
    assert words(lead) <= 90
    paragraphs = blocks(lead)
    assert len(paragraphs) <= 2
    action = paragraphs[0]
    assert f"**{step['labels'][0]['text']}**" in action
    assert words(action) <= 30
    assert words(paragraphs[-1]) <= 60


def test_the_limits_step_is_at_most_200_words_plus_a_short_list(steps):
    body = steps["what-it-does-and-does-not-do"]["body"]
    assert sum(words(block) for block in prose(body)) <= 200
    assert sum(words(item) for item in list_items(body)) <= 90


def test_the_whole_guide_is_well_under_half_its_old_length(data):
    texts = [data["guide"]["intro"]]
    texts += [text for step in data["steps"] for text in (step["body"], step.get("phone", ""))]
    # The guide held about 2,200 words; well under half of that is the promise.
    assert sum(words(text) for text in texts) <= 900
