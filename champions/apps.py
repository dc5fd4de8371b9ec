from django.apps import AppConfig


class ChampionsConfig(AppConfig):
    name = "champions"
    verbose_name = "Champions"

    def ready(self):
        from accounts import personal_data as accounts_personal_data
        from directory.signals import staff_list_changed

        from . import adoption, personal_data

        staff_list_changed.connect(adoption.recount_current, dispatch_uid="recount")
        accounts_personal_data.collect.connect(personal_data.collect, dispatch_uid="champions")
