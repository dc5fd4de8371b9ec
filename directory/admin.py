from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import importing, reading
from .models import Colleague, DirectoryUpload

MAX_UPLOAD = 20 * 1024 * 1024  # about 200,000 colleagues


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Staff list (CSV)"),
        help_text=gettext_lazy(
            "email,name,department,country — or an export of Entra ID or Google "
            "Workspace users. UTF-8, commas or semicolons."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


@admin.register(Colleague)
class ColleagueAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "department", "country", "active", "invited_at", "user"]
    list_filter = ["active", "department", "country"]
    search_fields = ["email", "name", "department"]
    readonly_fields = ["user", "first_imported", "left_at", "invited_at"]
    change_list_template = "admin/directory/colleague/change_list.html"

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
                importing.apply(result)
                messages.success(
                    request,
                    _("Imported %(file)s: %(summary)s.")
                    % {"file": upload.filename, "summary": result.summary},
                )
            upload.delete()
            return redirect(reverse("admin:directory_colleague_changelist"))
        title = _("Preview of %(file)s") % {"file": upload.filename}
        context = {**self.admin_site.each_context(request), "result": result, "upload": upload,
                   "opts": self.model._meta, "title": title}  # fmt: skip
        return TemplateResponse(request, "admin/directory/colleague/preview.html", context)
