from django.urls import path

from . import campaign_views, member_views, team_views, views

app_name = "champions"

urlpatterns = [
    path("share/", views.share_page, name="share"),
    path("share/poster/", views.poster, name="poster"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/adoption.csv", views.figures_csv, name="figures_csv"),
    path("dashboard/members/", member_views.members_page, name="members"),
    path("dashboard/members.csv", member_views.members_csv, name="members_csv"),
    path("dashboard/members/<int:pk>/", member_views.colleague_page, name="colleague"),
    path("dashboard/campaigns/", campaign_views.campaign_list, name="campaigns"),
    path("dashboard/campaigns/new/", campaign_views.campaign_new, name="campaign_new"),
    path("dashboard/campaigns/<int:pk>/", campaign_views.campaign_page, name="campaign"),
    path(
        "dashboard/campaigns/<int:pk>/schedule/",
        campaign_views.campaign_schedule,
        name="campaign_schedule",
    ),
    path(
        "dashboard/campaigns/<int:pk>/<slug:grouping>.csv",
        campaign_views.campaign_csv,
        name="campaign_csv",
    ),
    path("dashboard/<slug:grouping>.csv", views.groups_csv, name="groups_csv"),
    path("team/", team_views.team_page, name="team"),
    path("checklist/confirmation/", views.confirmation, name="confirmation"),
    path("mail/off/<str:token>/", views.mail_off, name="mail_off"),
    # Opt-out links in mails sent before there was one kind of mail.
    path("reminders/off/<str:token>/", views.mail_off),
    path("accounts/invitation/off/<str:token>/", views.mail_off),
]
