"""The reference files of ``flowmusic make`` (``--ref-image``, ``--ref-audio``): checked before anything is sent,
then uploaded (``POST /files``) to the account the songs will go to."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from flowmusic_gui.cli.common import EXIT_JOB_FAILED, EXIT_NO_TOKEN, EXIT_USAGE, UsageError, oneline


def ref_files(ns: argparse.Namespace) -> list[Any]:
    """The --ref-image and --ref-audio files, each checked (type from its bytes, size) before anything is sent;
    raises UsageError naming every bad one."""
    from flowmusic_gui.core.ref_files import RefFile, check_file, too_many

    found: list[RefFile] = []
    problems: list[str] = []
    for flag, kind, paths in (("--ref-image", "image", ns.ref_image), ("--ref-audio", "audio", ns.ref_audio)):
        for path in paths:
            checked = check_file(path)
            if not isinstance(checked, RefFile):
                problems.append(f"{flag}: {checked.message}")
            elif checked.kind != kind:
                problems.append(f"{flag}: {checked.name} is {'an image' if checked.kind == 'image' else 'audio'}"
                                f" (give it with --ref-{checked.kind})")  # fmt: skip
            else:
                found.append(checked)
    many = too_many([f.kind for f in found])
    if many:
        problems.append(many)
    if problems:
        raise UsageError("\n".join(oneline(p) for p in problems))
    return found


def pick_account(client: Any) -> str | None:
    """Where references go without --account: the healthy account with the most free slots (GET /accounts and
    GET /jobs); None when none is known."""
    from flowmusic_gui.core.client import Accounts, RunningJobs

    listed = client.accounts()
    if not isinstance(listed, Accounts):
        return None
    running = client.running_jobs()
    busy = {a.email.lower(): a.running or len(a.jobs) for a in running.accounts} if isinstance(
        running, RunningJobs) else {}  # fmt: skip
    healthy = [a for a in listed.accounts if not a.error]
    if not healthy:
        return None
    best = max(healthy, key=lambda a: (a.max_jobs or 1) - busy.get(a.email.lower(), 0))
    return str(best.email)


def upload_refs(files: list[Any], email: str | None, base: str, token: str) -> tuple[str | None, dict[str, str]]:
    """Upload the reference files to one account (``email``, or the best one); (the account, the request's
    refImageN/refAudioN fields). Raises RefsFailed naming the file that could not go."""
    from flowmusic_gui.core.client import ApiClient
    from flowmusic_gui.core.client.making import Uploaded
    from flowmusic_gui.core.ref_files import read_for_upload, ref_fields

    client = ApiClient(base, token)
    try:
        target = email or pick_account(client)
        if target is None:
            raise RefsFailed("no healthy account to upload the reference files to (give --account)", EXIT_JOB_FAILED)
        assets: list[tuple[str, str]] = []
        for ref in files:
            data = read_for_upload(ref)
            if not isinstance(data, bytes):
                raise RefsFailed(data.message, EXIT_USAGE)
            answer = client.upload_file(data, ref.content_type, email=target)
            if not isinstance(answer, Uploaded):
                why = oneline(answer)
                code = EXIT_NO_TOKEN if why.startswith("the API answered 401") else EXIT_JOB_FAILED
                raise RefsFailed(f"{ref.name}: could not be uploaded to {target}: {why}", code)
            assets.append((ref.kind, answer.asset_id))
            print(f"flowmusic: uploaded {oneline(ref.name)} to {oneline(target)}", file=sys.stderr)
        return target, ref_fields(assets)
    finally:
        client.close()


class RefsFailed(Exception):
    """A reference file could not be uploaded: the message names it; ``code`` is the command's exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code
