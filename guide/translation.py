"""The guide's texts in every language of settings.LANGUAGES (django-modeltranslation).

Each field below gets a column per language (`title_en`, `title_de`, …); reading `title`
gives the reader's language, else English. The admin shows the languages side by side,
`load_guide` fills them from `content/linkedin.toml` and `content/linkedin.<lang>.toml`.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import ChecklistItem, Guide, GuideChange, Label, Step


@register(Guide)
class GuideTranslation(TranslationOptions):
    fields = ("title", "intro", "last_verified")


@register(Step)
class StepTranslation(TranslationOptions):
    fields = ("title", "body", "phone", "last_verified")


@register(Label)
class LabelTranslation(TranslationOptions):
    fields = ("text", "variants", "note")
    # A translated label with no variants or note has none: only a missing (None) one
    # shows the English (loading.EMPTY_IS_AN_ANSWER).
    fallback_undefined = {"variants": None, "note": None}


@register(ChecklistItem)
class ChecklistItemTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(GuideChange)
class GuideChangeTranslation(TranslationOptions):
    fields = ("summary",)
