"""What the portal keeps: the framework, suppliers, contracts and commitments synced from the analysis; its users;
the quarterly returns suppliers make, their evidence, and an append-only audit trail."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import PermissionDenied
from django.db import models
from simple_history.models import HistoricalRecords


class Outcome(models.Model):
    outcome_id = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=300)

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    measure_id = models.CharField(max_length=100, unique=True)
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="measures")
    title = models.CharField(max_length=300)
    unit = models.CharField(max_length=100)
    proxy_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)

    def __str__(self) -> str:
        return self.title


class Supplier(models.Model):
    supplier_id = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=300)

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    """A contract of the register. One that leaves the register is archived with its returns, never deleted."""

    contract_id = models.CharField(max_length=100, unique=True)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="contracts")
    title = models.CharField(max_length=300, blank=True)
    value = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    start_date = models.DateField(null=True)
    end_date = models.DateField(null=True)
    department = models.CharField(max_length=300, blank=True)
    over_threshold = models.BooleanField(default=False)  # above the analysis's social value threshold
    archived = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.contract_id} {self.title}".strip()


class Commitment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="commitments")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT)
    quantity = models.DecimalField(max_digits=18, decimal_places=4)
    fiscal_year = models.CharField(max_length=7, blank=True)  # blank: over the whole contract

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contract", "measure", "fiscal_year"], name="one_commitment_per_year")
        ]


class User(AbstractUser):
    """A supplier's user (who sees only that supplier's contracts and returns) or an officer (who verifies)."""

    username = None
    email = models.EmailField("email address", unique=True)
    supplier = models.ForeignKey(Supplier, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    is_officer = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(supplier__isnull=True) | models.Q(is_officer=False),
                name="a_supplier_user_is_not_an_officer",
            )
        ]


class QuarterlyReturn(models.Model):
    """One quarter's return on one contract. A submitted return is read-only until an officer rejects it; a
    resubmission is a new return that supersedes it, and the history stays."""

    class Status(models.TextChoices):
        DRAFT = "draft"
        SUBMITTED = "pending"  # as the returns files call a return awaiting verification
        VERIFIED = "verified"
        REJECTED = "rejected"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="returns")
    quarter = models.CharField(max_length=10)  # 2020/21 Q1
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    evidence_text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True)
    submitted_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True)
    decided_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    rejection_reason = models.TextField(blank=True)
    superseded_by = models.ForeignKey("self", null=True, on_delete=models.PROTECT, related_name="supersedes")
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract__contract_id", "quarter", "created_at"]
        constraints = [
            # a draft, or a submitted or verified return, is the one open return of its quarter (two requests
            # at once cannot make two); a rejected one stays beside the resubmission that supersedes it
            models.UniqueConstraint(
                fields=["contract", "quarter"],
                condition=models.Q(superseded_by__isnull=True) & ~models.Q(status="rejected"),
                name="one_open_return_per_quarter",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="queue_order")]


class ReturnLine(models.Model):
    """The quantity a return declares for one measure, and what the officer verified of it."""

    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="lines")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT)
    declared_quantity = models.DecimalField(max_digits=18, decimal_places=4)
    verified_quantity = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quarterly_return", "measure"], name="one_line_per_measure")]


class Evidence(models.Model):
    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="%Y/%m/")
    original_name = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")


class Reminder(models.Model):
    """A reminder sent for a contract's quarter, at one stage (due, then late): each is sent once."""

    class Stage(models.TextChoices):
        DUE = "due"
        LATE = "late"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reminders")
    quarter = models.CharField(max_length=10)
    stage = models.CharField(max_length=4, choices=Stage.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_to = models.TextField()  # the addresses, comma separated

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contract", "quarter", "stage"], name="one_reminder_per_stage")]


class AuditEvent(models.Model):
    """Who did what, when and from where: submissions, changes, verifications, rejections, sign-ins. Rows are
    added, never changed or removed."""

    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=50)
    what = models.CharField(max_length=300)
    detail = models.JSONField(default=dict)
    ip_address = models.GenericIPAddressField(null=True)

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionDenied("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("the audit trail is append-only")
