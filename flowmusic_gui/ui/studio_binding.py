"""The studio, bound to the window's parts: New song, Make again, Send again and Make from this take act on the
window's selection; the submission queue's rows (queued, sending, uncertain, not sent) are rows of the jobs table;
its notices reach the window's notice line. The studio itself (forms, queue) is ``ui/studio/controller.py``,
made once a backend with a store is attached (no request goes out before a token is set)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from flowmusic_gui.core.records import Clip
    from flowmusic_gui.engine.accounts import AccountStatus
    from flowmusic_gui.engine.tasks import TaskRunner
    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.backend import Backend
    from flowmusic_gui.ui.jobs.model import JobsModel
    from flowmusic_gui.ui.studio.controller import Studio
    from flowmusic_gui.ui.tracker_binding import TrackerBinding


class StudioBinding:
    """``attach(backend, ...)`` makes the studio; until then every command is a no-op (the actions stay off)."""

    def __init__(
        self,
        parent: QWidget,
        *,
        model: JobsModel,
        binding: TrackerBinding,
        runner: TaskRunner,
        selected: Callable[[], list[JobView]],
        problem: Callable[[str], None],
        min_credits: Callable[[], int],
    ) -> None:
        self._parent = parent
        self._model = model
        self._binding = binding
        self._runner = runner
        self._selected = selected
        self._problem = problem
        self._min_credits = min_credits
        self.studio: Studio | None = None
        self._queued_rows: frozenset[str] = frozenset()

    def attach(self, backend: Backend, *, accounts: Callable[[], list[AccountStatus]] | None) -> Studio | None:
        """The studio over ``backend``'s tracker, store and writer lane (none without a store). The controller
        starts it once a token is set."""
        store = getattr(backend, "store", None)
        if store is None:
            return None
        from flowmusic_gui.ui.studio.controller import Studio

        # The process's one database object and writer lane: the studio opens no store of its own.
        self.studio = Studio(self._parent, backend.tracker, self._runner, store, accounts=accounts,
                             min_credits=self._min_credits, writer=getattr(backend, "writer", None))  # fmt: skip
        self.studio.notice.connect(self._problem)
        self.studio.rows_changed.connect(self._on_queued_rows)
        self.studio.queue.slots.connect(self._on_slots)
        return self.studio

    def stop(self) -> None:
        if self.studio is not None:
            self.studio.stop()  # nothing more is sent; what is queued stays queued for the next start

    def _on_queued_rows(self, subs: list[Any]) -> None:
        """The queue as rows of the table: queued, sending, uncertain, not sent (a job of its own once made)."""
        from flowmusic_gui.core.records import JobState
        from flowmusic_gui.engine.types import JobView

        views = {f"queued:{s.ref}": JobView(jobid=f"queued:{s.ref}", state=JobState.NEW, added_at=s.created_at,
                                            submission=s) for s in subs}  # fmt: skip
        gone = [j for j in self._queued_rows if j not in views]
        new = [v for j, v in views.items() if j not in self._queued_rows]
        binding = self._binding
        if gone:
            binding._on_jobs_removed(gone)
        for jobid, view in views.items():
            if jobid in self._queued_rows:
                self._model.update_job(view)
        self._queued_rows = frozenset(views)
        if new:
            binding._on_jobs_added(new)
        binding.update_counts()

    def _on_slots(self, slots: dict[str, tuple[int, int]]) -> None:
        self._model.slots = dict(slots)

    # -- the commands -------------------------------------------------------------------------------------------

    def new_song(self, initial: dict[str, Any] | None = None, email: str | None = None) -> None:
        if self.studio is not None:
            self.studio.new_song(initial, email)

    def make_from_take(self, clip: Clip, operation: str) -> None:
        from flowmusic_gui.ui.studio.controller import take_from_clip

        take = take_from_clip(clip)
        if self.studio is not None and take is not None:
            self.studio.edit_take(take, operation=operation)

    def make_again(self) -> None:
        """The form of the selected job's request, every field as it was sent (an edit: its operation too)."""
        view = next(iter(self._selected()), None)
        request = dict(view.record.request) if view and view.record and view.record.request else None
        if self.studio is None or view is None or request is None:
            return
        if isinstance(request.get("clip"), str) and request.get("operation"):
            from flowmusic_gui.ui.studio.edit_take import TakeInfo

            take = TakeInfo(clip=request["clip"], title=view.title)
            self.studio.edit_take(take, initial=request, operation=str(request["operation"]))
        else:
            self.studio.new_song(request, view.email or None)

    @staticmethod
    def confirm_send_again(parent: QWidget, evidence: str) -> bool:
        """Sending an uncertain song again may make it twice: said, and asked (tests replace this)."""
        from PySide6.QtWidgets import QMessageBox

        text = QCoreApplication.translate(
            "MainWindow", "This song may have been made already ({evidence}). Sending it again may make it twice "
            "and spend its credits twice. Send it again?").format(evidence=evidence)  # fmt: skip
        answer = QMessageBox.question(parent, QCoreApplication.translate("MainWindow", "Send again?"), text)
        return answer == QMessageBox.StandardButton.Yes

    def send_again(self) -> None:
        """Send the selected not-made songs again (an uncertain one only after a warning)."""
        if self.studio is None:
            return
        for view in self._selected():
            sub = view.submission
            if sub is None:
                continue
            if sub.state.value == "not_made":
                self.studio.retry(sub.ref)
            elif sub.state.value == "uncertain":
                why = sub.evidence or QCoreApplication.translate(
                    "MainWindow", "its answer was lost and no record was found yet")
                if self.confirm_send_again(self._parent, why):
                    self.studio.retry(sub.ref, despite_evidence=True)
