"""Every input the champions' pages parse, as a form."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from guide import progress

from .adoption import country_name
from .models import Campaign, days_text, parse_days


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


class StaffFilterForm(forms.Form):
    """The staff list's filters: a campaign and its statuses, department, country, a
    search (?campaign=, ?status=, ?department=, ?country=, ?q=), and the sort."""

    q = forms.CharField(required=False, max_length=100, widget=forms.SearchInput)
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, empty_label=_("No campaign")
    )
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", _("Everyone")),
            ("unfinished", _("Not finished")),
            *progress.Status.choices,
            ("stale", _("Has items to re-check")),
        ],
    )
    department = forms.ChoiceField(required=False)
    country = forms.ChoiceField(required=False)

    SORTS = {
        "member": "email",
        "department": "department",
        "country": "country",
        "reviewed": "reviewed",
        "stale": "stale",
        "active": "user__last_login",
        "reminded": "last_reminded",
    }
    sort = forms.ChoiceField(
        required=False, choices=[(f"{d}{key}", key) for key in SORTS for d in ("", "-")]
    )

    def __init__(self, data, *, departments, countries):
        super().__init__(data, auto_id="%s")
        self.fields["campaign"].queryset = Campaign.objects.all()
        self.fields["department"].choices = [("", _("Every department"))] + [
            (value, value or _("No department")) for value in departments
        ]
        self.fields["country"].choices = [("", _("Every country"))] + [
            (code, code or _("No country")) for code in countries
        ]

    def value(self, name):
        """A filter's value; one that does not parse filters nothing, as if left empty."""
        self.is_valid()
        return self.cleaned_data.get(name) or None

    def ordering(self):
        self.is_valid()
        value = self.cleaned_data.get("sort") or "member"
        field = self.SORTS[value.lstrip("-")]
        if value.startswith("-"):
            return value, [F(field).desc(nulls_last=True), "email"]
        return value, [F(field).asc(nulls_last=True), "email"]


class CampaignForm(forms.ModelForm):
    """A new campaign: its name, audience and dates."""

    departments = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every department."),
    )
    countries = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every country."),
    )

    class Meta:
        model = Campaign
        fields = ["name", "starts_on", "due_on", "departments", "countries"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, departments=(), countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = [(value, value) for value in departments if value]
        self.fields["countries"].choices = [
            (code, country_name(code)) for code in countries if code
        ]

    def clean(self):
        cleaned = super().clean()
        starts_on, due_on = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts_on and due_on and due_on < starts_on:
            self.add_error("due_on", _("The due date cannot come before the start."))
        return cleaned


class ScheduleForm(forms.ModelForm):
    """When a campaign's reminders, overdue notices and manager digests go, as days
    relative to its due date."""

    reminder_days = forms.CharField(label=_("Reminders"), max_length=300, required=False)
    overdue_days = forms.CharField(label=_("Overdue notices"), max_length=100, required=False)
    digest_days = forms.CharField(label=_("Manager digests"), max_length=100, required=False)

    class Meta:
        model = Campaign
        fields = ["reminder_days", "overdue_days", "digest_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.initial[name] = days_text(getattr(self.instance, name))
        self.fields["reminder_days"].help_text = _(
            "Days relative to the due date: -7 is a week before, 0 the due date itself."
        )
        self.fields["overdue_days"].help_text = _("Days after the due date, e.g. 2.")
        self.fields["digest_days"].help_text = _(
            "Days relative to the due date on which managers get their team's figures."
        )

    def clean_reminder_days(self):
        return parse_days(self.cleaned_data["reminder_days"])

    def clean_digest_days(self):
        return parse_days(self.cleaned_data["digest_days"])

    def clean_overdue_days(self):
        days = parse_days(self.cleaned_data["overdue_days"])
        if any(day < 1 for day in days):
            raise forms.ValidationError(_("Overdue notices go after the due date: 1 or more."))
        return days
