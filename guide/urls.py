from django.urls import path

from . import dashboard_views, views

app_name = "guide"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("steps/<slug:slug>/", views.step, name="step"),
    path("print/", views.print_view, name="print"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/<slug:slug>/", views.tick, name="tick"),
    path("share/", views.share_page, name="share"),
    path("share/poster/", views.poster, name="poster"),
    path("reminders/off/<str:token>/", views.reminders_off, name="reminders_off"),
    path("dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("dashboard/adoption.csv", dashboard_views.figures_csv, name="figures_csv"),
    path("dashboard/members/", dashboard_views.members_page, name="members"),
    path("dashboard/members.csv", dashboard_views.members_csv, name="members_csv"),
]
