"""One size convention: decimal kilobytes and megabytes, the same in the window and on the command line."""

from __future__ import annotations

import pytest

from flowmusic_gui.core.sizes import MB, format_size, megabytes, size_parts


def test_a_megabyte_is_a_million_bytes() -> None:
    assert MB == 1_000_000
    assert megabytes(400_000_000) == 400.0


@pytest.mark.parametrize(
    ("n", "text"),
    [(0, "0 KB"), (100, "0 KB"), (830_000, "830 KB"), (999_499, "999 KB"), (999_999, "1.0 MB"), (1_000_000, "1.0 MB"),
     (4_200_000, "4.2 MB"), (None, "?"), (-1, "?")],
)  # fmt: skip
def test_sizes_read_the_same_everywhere(n: int | None, text: str) -> None:
    assert format_size(n) == text


def test_the_window_and_the_terminal_split_the_same_way() -> None:
    assert size_parts(999_499)[1] == "KB" and size_parts(999_600)[1] == "MB"
