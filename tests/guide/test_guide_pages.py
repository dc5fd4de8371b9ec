"""What a colleague sees when they open the link: overview, steps, print view."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from guide.models import Guide, Step
from tests.factories import StepFactory


def test_landing_shows_the_guide_and_every_step(client, guide):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(guide.title) in page
    for step in guide.steps.all():
        assert f'href="{step.get_absolute_url()}"' in page
        assert escape(step.title) in page
    assert "Start with step 1" in page


def test_landing_without_a_loaded_guide_says_how_to_load_it(client, db):
    Step.objects.all().delete()
    Guide.objects.all().delete()
    response = client.get("/")
    assert response.status_code == 200
    assert "load_guide" in response.content.decode()


def test_every_step_page_shows_its_labels_variants_and_linkedin_link(client, guide):
    for step in guide.steps.all():
        response = client.get(step.get_absolute_url())
        assert response.status_code == 200
        page = response.content.decode()
        for label in step.labels.all():
            assert f'<span class="ui-label">{escape(label.text)}</span>' in page
            for variant in label.variant_list:
                assert escape(variant) in page
        if step.linkedin_url:
            assert f'href="{step.linkedin_url}" target="_blank"' in page
        for source in step.sources.all():
            # English readers see the English sources; German ones only German readers.
            assert (source.url in page) == (source.language == "en")
        assert "Last verified" in page


def test_the_ai_setting_step_links_to_the_setting_on_linkedin(client, guide):
    step = guide.steps.get(labels__text="Use my data for training content creation AI models")
    page = client.get(step.get_absolute_url()).content.decode()
    assert "https://www.linkedin.com/mypreferences/d/settings/data-for-ai-improvement" in page
    assert "Open this setting on LinkedIn" in page
    assert "On a phone" in page


def test_step_pages_count_and_link_to_previous_and_next(client, guide):
    steps = list(guide.steps.all())
    total = len(steps)
    first = client.get(steps[0].get_absolute_url()).content.decode()
    assert f"Step 1 of {total}" in first
    assert f'rel="next" href="{steps[1].get_absolute_url()}"' in first
    assert 'rel="prev"' not in first

    middle = client.get(steps[1].get_absolute_url()).content.decode()
    assert f"Step 2 of {total}" in middle
    assert f'rel="prev" href="{steps[0].get_absolute_url()}"' in middle
    assert f'rel="next" href="{steps[2].get_absolute_url()}"' in middle

    last = client.get(steps[-1].get_absolute_url()).content.decode()
    assert f"Step {total} of {total}" in last
    assert 'rel="next"' not in last
    assert "Finish" in last


def test_unknown_step_is_a_404_in_the_sites_look(client, guide):
    response = client.get(reverse("guide:step", args=["no-such-step"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "css/site.css" in page
    assert 'href="/"' in page


def test_a_step_of_another_guide_is_not_shown(client, guide):
    other = StepFactory(slug="foreign-step")
    assert client.get(other.get_absolute_url()).status_code == 404


def test_print_view_holds_every_step_label_and_source(client, guide):
    response = client.get(reverse("guide:print"))
    assert response.status_code == 200
    page = response.content.decode()
    for step in guide.steps.prefetch_related("labels", "sources"):
        assert escape(step.title) in page
        for label in step.labels.all():
            assert escape(label.text) in page
        for source in step.sources.filter(language="en"):
            assert source.url in page
    assert "http://testserver" in page


def test_step_body_markdown_is_rendered_and_sanitised(client, guide):
    step = guide.steps.first()
    step.body = "Click **Me**. <script>alert(1)</script> [x](javascript:alert(2))"
    step.save()
    page = client.get(step.get_absolute_url()).content.decode()
    assert "<strong>Me</strong>" in page
    assert "<script>alert" not in page
    assert "javascript:" not in page


def test_pages_refuse_other_methods(client, guide):
    step = guide.steps.first()
    assert client.post("/").status_code == 405
    assert client.post(step.get_absolute_url()).status_code == 405
    assert client.post(reverse("guide:print")).status_code == 405


def test_healthz_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_pages_send_a_strict_content_security_policy(client, guide):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize("extra_steps", [0, 20])
def test_page_queries_do_not_grow_with_the_guide(
    client, guide, django_assert_num_queries, extra_steps
):
    for n in range(extra_steps):
        step = StepFactory(guide=guide, order=100 + n, part=Step.Part.REVIEW)
        step.labels.create(text=f"Label {n}")
    step = guide.steps.first()
    pages = ["/", step.get_absolute_url(), reverse("guide:print")]
    for path in pages:  # cold: built from the database once per content version
        client.get(path)
    for path in pages:  # warm: an anonymous reader costs the database nothing
        with django_assert_num_queries(0):
            assert client.get(path).status_code == 200


def test_print_view_numbers_each_steps_sources_from_the_list_at_its_end(client, guide):
    import re

    page = client.get(reverse("guide:print")).content.decode()
    listed = dict(re.findall(r'<li id="source-(\d+)"><a href="([^"]+)"', page))
    for step in guide.steps.prefetch_related("sources"):
        section = page.split(f'id="{step.slug}"', 1)[1].split("</section>", 1)[0]
        numbers = re.findall(r'<a href="#source-(\d+)">\1</a>', section)
        assert {listed[n] for n in numbers} == {
            source.url for source in step.sources.all() if source.language == "en"
        }, step.slug
