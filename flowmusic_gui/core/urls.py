"""Which links the app opens, plays or downloads: http and https URLs with a host, nothing else."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_web_url(url: object) -> bool:
    """True for an http or https URL with a host: the only links the app opens or downloads."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)
