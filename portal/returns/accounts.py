"""Portal accounts: a user for a supplier or an officer, set up by a one-time set-password link (mailed when SMTP is
configured, else written to the outbox folder), or by a password read from standard input."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.returns.models import Supplier, User


def add_user(email: str, supplier_id: str | None, officer: bool, password: str | None = None) -> User:
    """A new user of `supplier_id`'s, or an officer; ValueError naming what is wrong."""
    if (supplier_id is None) == (not officer):
        raise ValueError("a user belongs to one supplier (--supplier ID) or is an officer (--officer), not both")
    if User.objects.filter(email__iexact=email).exists():
        raise ValueError(f"{email} already has an account")
    supplier = None
    if supplier_id is not None:
        supplier = Supplier.objects.filter(supplier_id=supplier_id).first()
        if supplier is None:
            known = ", ".join(Supplier.objects.order_by("supplier_id").values_list("supplier_id", flat=True)[:10])
            raise ValueError(f"no supplier {supplier_id!r} in the portal (run `spend portal sync`; some: {known})")
    user = User(email=email.lower(), supplier=supplier, is_officer=officer)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def set_password_link(user: User, base_url: str) -> str:
    """A link that lets `user` choose a password once (it stops working when the password changes)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("set_password", args=[uid, token])


def send_set_password_link(user: User, base_url: str) -> str:
    link = set_password_link(user, base_url)
    who = user.supplier.name if user.supplier else "the council's officers"
    send_mail(
        "Your social value returns account",
        f"An account has been made for you ({who}). Choose your password here: {link}\n"
        "The link works once, for seven days.",
        None,
        [user.email],
    )
    return link
