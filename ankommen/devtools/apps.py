from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "ankommen.devtools"
    label = "devtools"
    verbose_name = "Development tools"
