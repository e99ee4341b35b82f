"""The audit trail: who did what, when and from where. Sign-ins (and failed ones) are recorded from Django's
signals; submissions, verifications and rejections by the views."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from portal.returns.models import AuditEvent


def _address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def audit(request, action: str, what: str, **detail) -> AuditEvent:
    return AuditEvent.objects.create(
        user=request.user if request.user.is_authenticated else None,
        action=action,
        what=what,
        detail=detail,
        ip_address=_address(request),
    )


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    AuditEvent.objects.create(user=user, action="signed in", what=user.email, ip_address=_address(request))


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    who = str(credentials.get("username", ""))[:300]
    AuditEvent.objects.create(action="sign-in failed", what=who, ip_address=_address(request))
