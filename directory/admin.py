import itertools

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries

from . import importing, reading
from .models import Colleague, DirectoryUpload, ScimLogEntry, ScimToken
from .scim import tokens

MAX_UPLOAD = 20 * 1024 * 1024  # about 200,000 colleagues
# What the identity provider decides about a row it keeps.
SCIM_DECIDES = ["email", "name", "department", "country", "manager", "language", "active"]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Staff list (CSV)"),
        help_text=gettext_lazy(
            "email,name,department,country,manager — or an export of Entra ID, Google "
            "Workspace or your HR system. UTF-8, commas or semicolons."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class ValuesFilter(admin.AllValuesFieldListFilter):
    """Each value on the list, an empty one named "(none)": a link without words has no
    name for a screen reader (axe: link-name)."""

    def label(self, value):
        return value

    def choices(self, changelist):
        values = [None, *self.values()]  # "All" first, None's own choice last
        for choice, value in itertools.zip_longest(super().choices(changelist), values):
            if value == "":
                count = choice["display"].removeprefix(value).strip()
                choice["display"] = f"{_('(none)')} {count}".strip()
            elif value is not None:
                choice["display"] = choice["display"].replace(value, self.label(value), 1)
            yield choice

    def values(self):
        return [value for value in self.lookup_choices if value is not None]


class CountryFilter(ValuesFilter):
    def label(self, value):
        return f"{countries.name(value) or value} ({value})"


@admin.register(Colleague)
class ColleagueAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "department", "country", "active", "source", "updated_at"]
    list_filter = [
        "active",
        "source",
        ("department", ValuesFilter),
        ("country", CountryFilter),
    ]
    search_fields = ["email", "name", "department"]
    readonly_fields = ["user", "first_imported", "left_at", "invited_at", "source", "updated_at"]
    change_list_template = "admin/directory/colleague/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.managed_by_scim:
            # The identity provider decides these; an edit here would be undone.
            return [*SCIM_DECIDES, "employee_number", *fields]
        return fields

    def save_model(self, request, obj, form, change):
        if form.changed_data:
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.upload), name="directory_upload"),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.preview),
                name="directory_preview",
            ),
        ]
        return own + super().get_urls()

    def upload(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            file = form.cleaned_data["file"]
            upload = DirectoryUpload.objects.create(
                content=file.read(), filename=file.name[:200], uploaded_by=request.user
            )
            return redirect("admin:directory_preview", upload.pk)
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
                   "title": _("Import the staff list")}  # fmt: skip
        return TemplateResponse(request, "admin/directory/colleague/upload.html", context)

    def preview(self, request, pk):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        upload = get_object_or_404(DirectoryUpload, pk=pk, uploaded_by=request.user)
        try:
            result = importing.plan(reading.read(bytes(upload.content)))
        except reading.DirectoryFileError as error:
            upload.delete()
            messages.error(request, str(error))
            return redirect("admin:directory_upload")
        if request.method == "POST":
            if "confirm" in request.POST:
                overwrite = request.POST.get("overwrite_scim") == "1"
                importing.apply(result, overwrite_scim=overwrite)
                summary = result.summary
                count = result.scim_conflicts
                if count and overwrite:
                    note = ngettext(
                        "%(count)s row SCIM kept is now the file's",
                        "%(count)s rows SCIM kept are now the file's",
                        count,
                    )
                    summary += "; " + note % {"count": count}
                elif count:
                    note = ngettext(
                        "%(count)s row SCIM keeps was left as SCIM set it",
                        "%(count)s rows SCIM keeps were left as SCIM set them",
                        count,
                    )
                    summary += "; " + note % {"count": count}
                messages.success(
                    request,
                    _("Imported %(file)s: %(summary)s.")
                    % {"file": upload.filename, "summary": summary},
                )
            upload.delete()
            return redirect(reverse("admin:directory_colleague_changelist"))
        title = _("Preview of %(file)s") % {"file": upload.filename}
        context = {**self.admin_site.each_context(request), "result": result, "upload": upload,
                   "opts": self.model._meta, "title": title}  # fmt: skip
        return TemplateResponse(request, "admin/directory/colleague/preview.html", context)


@admin.register(ScimToken)
class ScimTokenAdmin(admin.ModelAdmin):
    """Tokens for Entra ID's or Okta's provisioning: made here, shown once."""

    list_display = ["name", "created_at", "created_by", "last_used_at", "revoked_at"]
    fields = ["name"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, obj.secret = tokens.create(obj.name, created_by=request.user)
        obj.pk, obj.digest, obj.created_at = token.pk, token.digest, token.created_at

    def response_add(self, request, obj, post_url_continue=None):
        # The only time the token is seen: on this page, never in a message or a log.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("SCIM token %(name)s") % {"name": obj.name},
            "token": obj.secret,
            "base_url": request.build_absolute_uri("/scim/v2/"),
        }
        response = TemplateResponse(request, "admin/directory/scimtoken/created.html", context)
        add_never_cache_headers(response)
        return response

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = tokens.revoke(queryset)
        message = ngettext("%(count)s token revoked.", "%(count)s tokens revoked.", count)
        messages.success(request, message % {"count": count})


@admin.register(ScimLogEntry)
class ScimLogEntryAdmin(admin.ModelAdmin):
    """The last requests from the identity provider, to debug a connection."""

    list_display = ["at", "method", "path", "status", "error", "token"]
    list_filter = ["method", ("status", admin.AllValuesFieldListFilter)]
    list_select_related = ["token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
