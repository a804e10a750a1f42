"""The covers of the page on show: the loader asked for those not in memory, each card given its cover (or why it
failed) as the answer comes or as the card is built, and a word when every cover of the page has settled."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QPixmap

from flowmusic_gui.core.urls import is_web_url
from flowmusic_gui.ui.detail.covers import CoverLoader

if TYPE_CHECKING:
    from flowmusic_gui.ui.detail.clip_card import ClipCard
    from flowmusic_gui.ui.detail.pages import ClipPage

_ERRORS_KEPT = 64


class PageCovers(QObject):
    """Gives the shown page's cards their covers from ``loader``; ``cards_for(url)`` names the built cards of the
    page on show that use a cover."""

    settled = Signal()  # every cover of the page on show loaded or failed

    def __init__(
        self, loader: CoverLoader, cards_for: Callable[[str], list[ClipCard]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.loader = loader
        self._cards_for = cards_for
        self._waiting: set[str] = set()
        self._errors: dict[str, str] = {}  # url -> why it failed, for a card built after the answer
        loader.ready.connect(self._on_cover)
        loader.failed.connect(self._on_failed)

    def load(self, page: ClipPage) -> None:
        """Ask for the covers of the takes ``page`` offers that are not in memory yet (this replaces any earlier
        request); cards built already that lack one get it from memory now, the others as they are built."""
        wanted: list[str] = []
        self._waiting = set()
        for clip in page.clips[: page.planned]:
            url = clip.image_url
            if not url or not is_web_url(url) or url in wanted:
                continue
            cached = self.loader.cached(url)
            if cached is None:
                self._waiting.add(url)
                wanted.append(url)
                continue
            for card in page.built:
                if card.clip.image_url == url and not card.cover.property("loaded"):
                    card.set_cover(cached)
        self.loader.request(wanted)
        if not self._waiting:
            self.settled.emit()

    def give(self, card: ClipCard) -> None:
        """A card built after its page's covers were asked for: what is known of its cover, now."""
        url = card.clip.image_url
        if url and is_web_url(url):
            cached = self.loader.cached(url)
            if cached is not None:
                card.set_cover(cached)
            elif url in self._errors:
                card.set_cover_placeholder(self._errors[url])

    def clear(self) -> None:
        """Nothing on show: pending fetches are dropped and the page counts as settled."""
        self.loader.cancel()
        self._waiting.clear()
        self.settled.emit()

    def _on_cover(self, url: str, pixmap: QPixmap) -> None:
        for card in self._cards_for(url):
            card.set_cover(pixmap)
        self._settle(url)

    def _on_failed(self, url: str, message: str) -> None:
        self._errors[url] = message
        if len(self._errors) > _ERRORS_KEPT:
            self._errors.pop(next(iter(self._errors)))
        for card in self._cards_for(url):
            card.set_cover_placeholder(message)
        self._settle(url)

    def _settle(self, url: str) -> None:
        if url in self._waiting:
            self._waiting.discard(url)
            if not self._waiting:
                self.settled.emit()
