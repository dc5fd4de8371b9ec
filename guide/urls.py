from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("steps/<slug:slug>/", views.step, name="step"),
    path("print/", views.print_view, name="print"),
    path("changes/", views.what_changed, name="changes"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/<slug:slug>/", views.tick, name="tick"),
]
