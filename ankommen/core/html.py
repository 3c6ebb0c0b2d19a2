"""Output into HTML that is not HTML text: data blocks inside <script> elements."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

# The characters that can end a <script> element or start a comment or CDATA section in
# it, written as JSON escapes: the same table as Django's json_script filter, which only
# writes type="application/json" and so cannot serve JSON-LD.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_json(data: Any) -> SafeString:
    """`data` as JSON to put between <script type="application/ld+json"> and </script>:
    any text in it (an organisation's name, an imported title) stays a JSON string."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # safe: <, > and & escaped  # noqa: S308
