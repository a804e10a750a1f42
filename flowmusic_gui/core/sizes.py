"""One size convention for the whole app and the command line: decimal units, as desktops and file managers
show them (1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes)."""

from __future__ import annotations

KB = 1_000
MB = 1_000_000


def megabytes(n: int) -> float:
    return n / MB


def size_parts(n: int) -> tuple[float, str, int]:
    """(value, unit, decimals) to write ``n`` bytes with: whole kilobytes under a megabyte, else megabytes
    to one decimal."""
    if round(n / KB) < 1000:  # 999,600 bytes read "1.0 MB", not "1000 KB"
        return n / KB, "KB", 0
    return n / MB, "MB", 1


def format_size(n: int | None) -> str:
    """``n`` bytes for a terminal or a log ("4.2 MB", "830 KB"; "?" when unknown)."""
    if n is None or n < 0:
        return "?"
    value, unit, decimals = size_parts(n)
    return f"{value:.{decimals}f} {unit}"
