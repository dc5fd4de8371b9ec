"""Every input the guide's views parse, as a form; and the admin's text boxes."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Tick


class TickForm(forms.Form):
    """One press of a checklist button: the new state, and the page to go back to."""

    state = forms.ChoiceField(choices=Tick.State.choices)
    next = forms.CharField(required=False, max_length=2000)


class MaterialChangeNoteForm(forms.Form):
    """The line the "What changed" page shows for a material change, in each language
    (admin → Checklist items → "Mark as material change"); both may stay empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("What changed, in one line (%(language)s)") % {"language": name},
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"size": 80}),
            )

    def notes(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"note_{code}"] for code, _name in settings.LANGUAGES}


class TextWithNewlines(forms.CharField):
    """A text box's content as the content files keep it: a browser sends its lines ended
    with CR LF, which would be stored as they came and make every save report the field as
    changed. Nothing is stripped: the files' texts end with a line break, and Markdown's
    leading spaces mean something (guide/admin.py uses it for every TextField)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "strip": False})

    def to_python(self, value):
        value = super().to_python(value)
        if not isinstance(value, str):  # None: an empty translation
            return value
        return value.replace("\r\n", "\n").replace("\r", "\n")
