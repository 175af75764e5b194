"""A download's answer: its bytes, media type and a Content-Disposition that makes a browser
save it under a file name.

The name is cut to the characters a file name needs (letters, digits, ".", "-", "_"), so that
what a request chose (an organisation's id, a filter's value) can never close the header's
quotes or reach another folder.
"""

from __future__ import annotations

import re

from fastapi import Response

UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def attachment(body: str | bytes, media_type: str, filename: str) -> Response:
    """`body` as a file to save, named `filename` (made safe)."""
    safe = UNSAFE.sub("-", filename).strip(".-") or "download"
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
