"""Django form fields drawn as GOV.UK Frontend's components: the component's class on the widget (its error variant
when the field has errors) and the hint and error message tied to it by aria-describedby."""

from django import forms, template
from django.forms.widgets import Input

register = template.Library()

_CLASSES = [
    (forms.Textarea, "govuk-textarea"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.Select, "govuk-select"),
    (Input, "govuk-input"),
]


@register.simple_tag
def govuk_widget(field, width: str = ""):
    """The field's widget with GOV.UK classes; `width` is a govuk-input--width-N suffix, e.g. "10"."""
    css = next(name for kind, name in _CLASSES if isinstance(field.field.widget, kind))
    classes = [css] + ([f"{css}--error"] if field.errors else [])
    if width and css == "govuk-input":
        classes.append(f"govuk-input--width-{width}")
    described = [f"{field.auto_id}-hint"] * bool(field.help_text) + [f"{field.auto_id}-error"] * bool(field.errors)
    attrs = {"class": " ".join(classes)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
