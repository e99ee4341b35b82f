from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "portal.returns"
    label = "returns"
    verbose_name = "Social value returns"

    def ready(self) -> None:
        from portal.returns import audit  # noqa: F401 - connects the sign-in signals
