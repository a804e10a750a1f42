"""A settings file edited by hand: every value the Settings dialog would not allow is named once, replaced by
its default, and the real app still starts (its own entry point, a real settings file, a real process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from flowmusic_gui.core.schedule import PolicyConfig
from flowmusic_gui.ui import options as opt
from flowmusic_gui.ui.options import Options, api_base, policy_config

REPO = Path(__file__).resolve().parents[2]

# The real entry point; prints each notice the window shows.
PROBE = r"""
import sys
import flowmusic_gui.gui as gui
from flowmusic_gui.ui.main_window import MainWindow

shown = MainWindow.show_notice

def show_notice(self, text, **kwargs):
    shown(self, text, **kwargs)
    print("NOTICE " + text.replace("\n", " "), flush=True)

MainWindow.show_notice = show_notice
sys.exit(gui.main(sys.argv[1:]))
"""

BAD = {
    "polling/interval_s": "-5",
    "polling/budget_per_s": "1e9",
    "downloads/format": "flac",
    "interface/language": "xx",
    "api/base_url": "javascript:alert(1)",
    "notifications/enabled": "perhaps",
    "window/sort_order": "7",
    "window/sort_column": "banana",
}


def write_settings(folder: Path, values: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / opt.SETTINGS_FILENAME
    qs = QSettings(str(path), QSettings.Format.IniFormat)
    for key, value in values.items():
        qs.setValue(key, value)
    qs.sync()
    return path


@pytest.mark.parametrize(("key", "value"), [
    ("polling/interval_s", "-5"), ("polling/interval_s", "inf"), ("polling/interval_s", "nan"),
    ("polling/budget_per_s", "-1"), ("polling/budget_per_s", "1e9"), ("polling/budget_per_s", "lots"),
])
@pytest.mark.expect_log("the default")
def test_a_polling_value_out_of_the_dialogs_range_is_named_once_and_the_default_used(
    tmp_path: Path, key: str, value: str
) -> None:
    write_settings(tmp_path, {key: value})
    options = Options.open(tmp_path)
    config = policy_config(options)
    assert config == policy_config(Options.open(tmp_path / "fresh"))  # the defaults, as PolicyConfig takes them
    assert isinstance(config, PolicyConfig) and config.budget_per_s <= opt.REQUEST_BUDGET_RANGE[1]
    policy_config(options)  # read again: not named again
    problems = options.take_problems()
    assert len(problems) == 1 and key in problems[0] and repr(value) in problems[0]
    options.sync()
    assert QSettings(str(options.path), QSettings.Format.IniFormat).value(key) is None  # replaced by the default


@pytest.mark.expect_log("the default")
def test_a_bad_api_url_in_the_file_falls_back_instead_of_stopping_the_start(tmp_path: Path) -> None:
    write_settings(tmp_path, {"api/base_url": "javascript:alert(1)"})
    options = Options.open(tmp_path)
    assert api_base(options, environ={}) == "https://api.useapi.net/v1/flowmusic"
    [problem] = options.take_problems()
    assert "api/base_url" in problem and "http" in problem


def test_the_real_app_starts_on_a_hand_edited_file_and_names_each_bad_value(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_settings(data, BAD)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    env.pop("FLOWMUSIC_API_TOKEN", None)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "--self-test", "--data-dir", str(data),
         "--api-base", "http://127.0.0.1:9/v1/flowmusic"],
        capture_output=True, text=True, env=env, timeout=120, cwd=REPO, check=False,
    )  # fmt: skip
    notices = [line.removeprefix("NOTICE ") for line in proc.stdout.splitlines() if line.startswith("NOTICE ")]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test ok" in proc.stdout
    assert not any("Could not start" in n or "start-up failed" in n for n in notices), notices
    for key in ("polling/interval_s", "polling/budget_per_s", "downloads/format", "interface/language",
                "api/base_url", "notifications/enabled"):
        assert sum(key in n for n in notices) == 1, (key, notices)
