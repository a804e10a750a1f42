"""The status filter and the search box."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester

from flowmusic_gui.core.records import JobState
from flowmusic_gui.ui.jobs.filter import JobsFilterProxy, StatusFilter
from flowmusic_gui.ui.jobs.model import JobsModel, Role

from ..conftest import jobid, view


def make() -> tuple[JobsModel, JobsFilterProxy]:
    model = JobsModel()
    model.set_jobs(
        [
            view(1, title="Golden Engine", lyrics="we ride the northern lights"),
            view(2, JobState.PENDING, prompt="a jazzy tune about trains"),
            view(3, JobState.FAILED, title=None, prompt="broken"),
            view(4, JobState.NOT_FOUND),
            view(5, JobState.PENDING, problem="server not reachable"),
            view(6, JobState.NEW),
        ]
    )
    proxy = JobsFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def shown(proxy: JobsFilterProxy) -> set[str]:
    return {proxy.index(r, 0).data(Role.JOBID) for r in range(proxy.rowCount())}


def test_proxy_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    _model, proxy = make()
    proxy.set_search("song")
    qtmodeltester.check(proxy, force_py=True)


def test_status_filters() -> None:
    _model, proxy = make()
    assert len(shown(proxy)) == 6
    proxy.set_status_filter(StatusFilter.IN_PROGRESS)
    assert shown(proxy) == {jobid(2), jobid(6)}
    proxy.set_status_filter(StatusFilter.COMPLETED)
    assert shown(proxy) == {jobid(1)}
    proxy.set_status_filter(StatusFilter.FAILED)
    assert shown(proxy) == {jobid(3)}
    proxy.set_status_filter(StatusFilter.PROBLEMS)
    assert shown(proxy) == {jobid(4), jobid(5)}


def test_search_covers_title_prompt_lyrics_and_jobid() -> None:
    _model, proxy = make()
    proxy.set_search("golden")
    assert shown(proxy) == {jobid(1)}
    proxy.set_search("NORTHERN lights")
    assert shown(proxy) == {jobid(1)}
    proxy.set_search("trains")
    assert shown(proxy) == {jobid(2)}
    proxy.set_search(jobid(4)[4:16])
    assert shown(proxy) == {jobid(4)}
    proxy.set_search("nothing-like-this")
    assert shown(proxy) == set()
    proxy.set_search("")
    assert len(shown(proxy)) == 6


def test_filter_follows_a_changed_job() -> None:
    model, proxy = make()
    proxy.set_status_filter(StatusFilter.COMPLETED)
    model.update_job(view(2, JobState.COMPLETED, title="Train Song"))
    assert shown(proxy) == {jobid(1), jobid(2)}


def test_sort_through_the_proxy_sorts_the_model() -> None:
    model, proxy = make()
    proxy.sort(1)
    assert model.sort_column == 1
    titles = [proxy.index(r, 1).data() for r in range(proxy.rowCount())]
    nonempty = [t for t in titles if t]
    assert nonempty == sorted(nonempty, key=str.casefold)
    model.shutdown()
