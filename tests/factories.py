import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from directory.models import Colleague
from guide.models import ChecklistItem, Guide, Label, Source, Step, Tick


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"colleague{n}@example.com")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    @factory.post_generation
    def proved(self, create, proved, **kwargs):
        """The address as allauth keeps it: proved unless proved=False is passed."""
        if create and self.email:
            EmailAddress.objects.get_or_create(
                user=self,
                email=self.email.lower(),
                defaults={"primary": True, "verified": proved is not False},
            )


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = "Example News"
    url = factory.Sequence(lambda n: f"https://example.org/article-{n}")


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guide

    slug = factory.Sequence(lambda n: f"guide-{n}")
    title = "A guide"
    intro = "Why it matters."
    last_verified = datetime.date(2026, 11, 20)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    guide = factory.SubFactory(GuideFactory)
    slug = factory.Sequence(lambda n: f"step-{n}")
    order = factory.Sequence(lambda n: n + 1)
    part = Step.Part.SWITCH_OFF
    title = factory.Sequence(lambda n: f"Step {n}")
    body = "Click **here**."
    last_verified = datetime.date(2026, 11, 20)


class LabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Label

    step = factory.SubFactory(StepFactory)
    text = "Settings & Privacy"


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    guide = factory.SubFactory(GuideFactory)
    slug = factory.Sequence(lambda n: f"item-{n}")
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")
    summary = "Check it."


class TickFactory(factory.django.DjangoModelFactory):
    """A tick, with the colleague's stored progress recounted as the app does."""

    class Meta:
        model = Tick
        skip_postgeneration_save = True

    @factory.post_generation
    def summarised(self, create, extracted, **kwargs):
        if create:
            from guide import summaries

            summaries.summarise(self.item.guide_id, [self.user_id])

    user = factory.SubFactory(UserFactory)
    item = factory.SubFactory(ChecklistItemFactory)
    state = Tick.State.DONE


class ChampionFactory(UserFactory):
    """Staff with the dashboard's permissions: ChampionFactory(permissions=["view_dashboard"])."""

    is_staff = True

    class Meta:
        skip_postgeneration_save = True  # set() saves the permissions itself

    @factory.post_generation
    def permissions(self, create, codenames, **kwargs):
        codenames = ["view_dashboard", "view_member_progress"] if codenames is None else codenames
        self.user_permissions.set(Permission.objects.filter(codename__in=codenames))


class ColleagueFactory(factory.django.DjangoModelFactory):
    """A row of the company's staff list."""

    class Meta:
        model = Colleague

    email = factory.Sequence(lambda n: f"staff{n}@example.com")
    name = factory.Sequence(lambda n: f"Colleague {n}")
    department = "Sales"
    country = "DE"
