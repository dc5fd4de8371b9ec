"""Every input the champions' pages parse, as a form."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from guide import progress


class MemberFilterForm(forms.Form):
    """The member list's search and progress filter (?q= and ?state=)."""

    q = forms.CharField(required=False, max_length=100, widget=forms.SearchInput)
    state = forms.ChoiceField(
        required=False,
        choices=[("", _("Everyone"))]
        + [(value, label) for value, (label, _filter) in progress.MEMBER_STATES.items()],
    )

    # Sortable columns: the value in ?sort= (a leading "-" reverses), the field behind it.
    SORTS = {
        "member": "email",
        "reviewed": "reviewed",
        "stale": "stale",
        "joined": "date_joined",
        "active": "last_login",
        "reminded": "last_reminded",
    }
    sort = forms.ChoiceField(
        required=False,
        choices=[(f"{d}{key}", key) for key in SORTS for d in ("", "-")],
    )

    def __init__(self, data):
        super().__init__(data, auto_id="%s")

    def filters(self):
        """(query, state); a value that does not parse filters nothing, as if left empty."""
        self.is_valid()
        return self.cleaned_data.get("q", ""), self.cleaned_data.get("state", "")

    def ordering(self):
        """(sort value, order_by arguments): by member unless a valid ?sort= says otherwise."""
        self.is_valid()
        value = self.cleaned_data.get("sort") or "member"
        field = self.SORTS[value.lstrip("-")]
        if value.startswith("-"):
            return value, [F(field).desc(nulls_last=True), "email"]
        return value, [F(field).asc(nulls_last=True), "email"]
