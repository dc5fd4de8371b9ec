from django.urls import path

from . import views

app_name = "champions"

urlpatterns = [
    path("share/", views.share_page, name="share"),
    path("share/poster/", views.poster, name="poster"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/adoption.csv", views.figures_csv, name="figures_csv"),
    path("dashboard/members/", views.members_page, name="members"),
    path("dashboard/members.csv", views.members_csv, name="members_csv"),
    path("dashboard/<slug:grouping>.csv", views.groups_csv, name="groups_csv"),
    path("mail/off/<str:token>/", views.mail_off, name="mail_off"),
    # Opt-out links in mails sent before there was one kind of mail.
    path("reminders/off/<str:token>/", views.mail_off),
    path("accounts/invitation/off/<str:token>/", views.mail_off),
]
