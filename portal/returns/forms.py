"""The portal's forms: a supplier's quarterly return, and an officer's decision on one."""

from decimal import Decimal

import filetype
from django import forms
from django.conf import settings

#: What evidence may be, by what its content is (never by its name): PDF, PNG, JPEG, XLSX, DOCX; and CSV, which has
#: no signature, when it is plain text.
EVIDENCE_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFiles(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [checked_evidence(super(EvidenceFiles, self).clean(file, initial)) for file in files]


def checked_evidence(upload):
    """The upload with its content type found from its bytes; ValidationError naming the file otherwise."""
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise forms.ValidationError(f"{upload.name} is larger than 10 MB")
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in EVIDENCE_TYPES:
        upload.detected_type = kind.mime
        return upload
    if kind is None and upload.name.lower().endswith(".csv") and b"\0" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            upload.detected_type = "text/csv"
            return upload
    raise forms.ValidationError(
        f"{upload.name} is not a PDF, PNG, JPEG, CSV, XLSX or DOCX file (judged by its content, not its name)"
    )


def plain(quantity: Decimal) -> str:
    """A quantity as a person writes it: 7, not 7.0000."""
    return f"{quantity.normalize():f}"


def quantity_field(label: str, help_text: str = "", max_value=None) -> forms.DecimalField:
    """A quantity, as GOV.UK asks numbers to be asked for: a text field with a decimal keyboard on phones."""
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=max_value,
        max_digits=18,
        decimal_places=4,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )


class ReturnForm(forms.Form):
    """A quantity per measure (those committed first), the evidence in words and files."""

    evidence_text = forms.CharField(
        label="Evidence",
        required=False,
        help_text="What the contract delivered and how you know: schemes, dates, numbers of people.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence_files = EvidenceFiles(
        label="Evidence files",
        required=False,
        help_text="PDF, PNG, JPEG, CSV, XLSX or DOCX, up to 10 MB each. You can choose several.",
    )

    def __init__(self, measures, committed: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = measures
        for measure in measures:
            promised = committed.get(measure.pk)
            help_text = measure.unit + (f" (committed: {plain(promised)})" if promised is not None else "")
            self.fields[self.field_name(measure)] = quantity_field(measure.title, help_text)
        self.order_fields([self.field_name(m) for m in measures])

    def measure_fields(self):
        return [self[self.field_name(m)] for m in self.measures]

    @staticmethod
    def field_name(measure) -> str:
        return f"measure_{measure.pk}"

    def quantities(self) -> dict:
        """Measure -> declared quantity, for the measures given a quantity."""
        return {
            m: self.cleaned_data[self.field_name(m)]
            for m in self.measures
            if self.cleaned_data.get(self.field_name(m)) is not None
        }


class DecisionForm(forms.Form):
    """An officer's decision: verify with a verified quantity per line (no more than declared), or reject with a
    reason."""

    reason = forms.CharField(
        label="Reason",
        required=False,
        help_text="Needed to reject: the supplier sees it.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, lines, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            declared = f"declared: {plain(line.declared_quantity)} {line.measure.unit}"
            self.fields[f"line_{line.pk}"] = quantity_field(
                f"Verified quantity: {line.measure.title}", declared, max_value=line.declared_quantity
            )
            self.fields[f"line_{line.pk}"].initial = plain(line.declared_quantity)

    def line_fields(self):
        return [self[f"line_{line.pk}"] for line in self.lines]

    def verified(self) -> dict:
        return {line: self.cleaned_data.get(f"line_{line.pk}") for line in self.lines}


class UploadForm(forms.Form):
    """A returns CSV file (the returns layout), at most 10 MB."""

    file = forms.FileField(
        label="Returns file (CSV)",
        help_text="Columns: Contract ID, Measure ID, Quarter (like 2024/25 Q1), Quantity, and Evidence. "
        "Leave Status, Verified Quantity and Verified On empty.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(f"{upload.name} is larger than 10 MB")
        return upload
