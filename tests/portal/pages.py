"""Reading the portal's pages in tests as a person reads them: the words, and the label a field is named by."""

import html
import re


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
