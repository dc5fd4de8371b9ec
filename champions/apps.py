from django.apps import AppConfig


class ChampionsConfig(AppConfig):
    name = "champions"
    verbose_name = "Champions"

    def ready(self):
        from accounts import personal_data as accounts_personal_data
        from directory.signals import staff_list_changed

        from . import campaigns, personal_data, tasks

        # Joiners into running campaigns first, then the figures that count them.
        staff_list_changed.connect(campaigns.enrol_joiners, dispatch_uid="enrol_joiners")
        staff_list_changed.connect(tasks.recount_after_staff_list_change, dispatch_uid="recount")
        accounts_personal_data.collect.connect(personal_data.collect, dispatch_uid="champions")
