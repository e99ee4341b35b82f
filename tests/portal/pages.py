"""Using the portal's pages in tests as a person does: signed in, at a return's address, reading the words and the
label a field is named by, uploading a file."""

import html
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

PASSWORD = "a long enough passphrase 42"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def signed_in(client, user):
    client.force_login(user)
    return client


def return_url(contract_id: str, quarter) -> str:
    return reverse("edit_return", args=[contract_id, *quarter.key])


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def page_text(response) -> str:
    """The page's visible words, tags dropped and spaces collapsed."""
    body = response.content.decode() if hasattr(response, "content") else response
    body = re.sub(r"<(script|style|head)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def label_of(response, field_id: str) -> str:
    """The words of the <label> that names the field `field_id` (AssertionError when none does)."""
    found = re.search(rf'<label[^>]*\bfor="{re.escape(field_id)}"[^>]*>(.*?)</label>', response.content.decode(), re.S)
    assert found, f"no label for {field_id}"
    return page_text(found[1])
