"""Every input the guide's views parse, as a form."""

from django import forms

from .models import Tick


class TickForm(forms.Form):
    """One press of a checklist button: the new state, and the page to go back to."""

    state = forms.ChoiceField(choices=Tick.State.choices)
    next = forms.CharField(required=False, max_length=2000)
