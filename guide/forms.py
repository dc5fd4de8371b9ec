"""Every input the guide's views parse, as a form."""

from django import forms

from . import progress
from .models import Tick


class TickForm(forms.Form):
    """One press of a checklist button: the new state, and the page to go back to."""

    state = forms.ChoiceField(choices=Tick.State.choices)
    next = forms.CharField(required=False, max_length=2000)


class MemberFilterForm(forms.Form):
    """The member list's search and progress filter (?q= and ?state=)."""

    q = forms.CharField(required=False, max_length=100, widget=forms.SearchInput)
    state = forms.ChoiceField(
        required=False,
        choices=[("", "Everyone")]
        + [(value, label) for value, (label, _) in progress.MEMBER_STATES.items()],
    )

    def __init__(self, data):
        super().__init__(data, auto_id="%s")

    def filters(self):
        """(query, state); a value that does not parse filters nothing, as if left empty."""
        self.is_valid()
        return self.cleaned_data.get("q", ""), self.cleaned_data.get("state", "")
