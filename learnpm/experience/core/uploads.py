"""What a certificate upload may be: a PDF, PNG or JPEG, recognised by its content, under a size cap. Pure."""

from __future__ import annotations

MAX_CERTIFICATE_BYTES = 5 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def certificate_type(data: bytes) -> str | None:
    """Return the content type the bytes really are (PDF, PNG or JPEG), or None."""
    return next((kind for signature, kind in SIGNATURES if data.startswith(signature)), None)


def certificate_problem(data: bytes) -> str | None:
    """Return why a file cannot be kept as a certificate, or None."""
    if not data:
        return "The file is empty."
    if len(data) > MAX_CERTIFICATE_BYTES:
        return f"The file is {len(data) / 1024 / 1024:.1f} MB; keep certificates under {MAX_CERTIFICATE_BYTES // 1024 // 1024} MB."
    if certificate_type(data) is None:
        return "Upload a PDF, PNG or JPEG file (this one is none of them, whatever its name says)."
    return None
