"""The one check of which links the app opens, plays or downloads."""

from __future__ import annotations

from flowmusic_gui.core.urls import is_web_url


def test_only_web_urls() -> None:
    assert is_web_url("https://cdn.example.com/a.wav")
    assert is_web_url("HTTP://x/y")
    bad_urls = ("file:///etc/passwd", "javascript:alert(1)", "ftp://x/y", "http://", "", None, 3, "/tmp/x",
                "http://[::1", "https:///no-host")  # fmt: skip
    for bad in bad_urls:
        assert not is_web_url(bad), bad
