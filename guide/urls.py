from django.urls import path

from . import champion_views, views

app_name = "guide"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("steps/<slug:slug>/", views.step, name="step"),
    path("print/", views.print_view, name="print"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/<slug:slug>/", views.tick, name="tick"),
    path("reminders/off/<str:token>/", views.reminders_off, name="reminders_off"),
    path("share/", champion_views.share_page, name="share"),
    path("share/poster/", champion_views.poster, name="poster"),
    path("dashboard/", champion_views.dashboard_page, name="dashboard"),
    path("dashboard/adoption.csv", champion_views.figures_csv, name="figures_csv"),
    path("dashboard/members/", champion_views.members_page, name="members"),
    path("dashboard/members.csv", champion_views.members_csv, name="members_csv"),
    path("dashboard/<slug:grouping>.csv", champion_views.groups_csv, name="groups_csv"),
]
