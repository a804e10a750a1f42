"""``flowmusic track``, ``untrack`` and ``list``: the app's job list, read and changed from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from flowmusic_gui.cli.common import EXIT_OK, EXIT_USAGE, collect_ids, oneline, open_store


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from flowmusic_gui.terminal.helptext import help_for

    track = sub.add_parser("track", parents=[common], **help_for("track"))
    track.add_argument("jobids", nargs="+", metavar="JOBID", help="job ids, or - to read text from stdin")

    untrack = sub.add_parser("untrack", parents=[common], **help_for("untrack"))
    untrack.add_argument("jobids", nargs="+", metavar="JOBID", help="job ids, or - to read text from stdin")

    lst = sub.add_parser("list", parents=[common], **help_for("list"))
    lst.add_argument("--json", action="store_true", help="one JSON object per line")


def cmd_track(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    ids, complaints = collect_ids(ns.jobids, stdin)
    store = open_store(ns.data_dir)
    try:
        result = store.add(ids)
    finally:
        store.close()
    out.write(
        f"{len(result.added)} added, {len(result.already)} already tracked, {len(complaints)} rejected\n"
    )
    for complaint in complaints:
        print(f"rejected: {oneline(complaint)}", file=sys.stderr)
    return EXIT_USAGE if complaints else EXIT_OK


def cmd_untrack(ns: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    ids, complaints = collect_ids(ns.jobids, stdin)
    store = open_store(ns.data_dir)
    try:
        tracked = {j for j in ids if store.get(j) is not None}
        removed = store.remove(sorted(tracked))
    finally:
        store.close()
    out.write(f"{removed} removed\n")
    for jobid in ids:
        if jobid not in tracked:
            print(f"not tracked: {jobid}", file=sys.stderr)
    for complaint in complaints:
        print(f"rejected: {oneline(complaint)}", file=sys.stderr)
    return EXIT_USAGE if complaints else EXIT_OK


def cmd_list(ns: argparse.Namespace, out: IO[str]) -> int:
    store = open_store(ns.data_dir, read_only_ok=True)
    rows, jobs = [], []
    if store is not None:
        try:
            if ns.json:
                rows = store.listing()
            else:
                jobs = store.all()
        finally:
            store.close()
    if ns.json:
        # The stored record text is compact JSON, the API's object verbatim: splice it in unparsed (it is
        # re-encoded only when it holds NaN or Infinity, which strict parsers refuse).
        from flowmusic_gui.core.output import strict_json_text

        dumps = json.dumps
        out.write(
            "".join(
                f'{{"jobid":{dumps(jobid, ensure_ascii=False)},"state":{dumps(state)},'
                f'"added_at":{dumps(added.isoformat() if added else None)},'
                f'"record":{strict_json_text(record) if record and record.startswith("{") else "null"}}}\n'
                for jobid, state, added, record in rows
            )
        )
        return EXIT_OK
    if not jobs:
        out.write("No tracked jobs. Add some with `flowmusic track JOBID...`.\n")
        return EXIT_OK
    for j in jobs:
        title = ""
        if isinstance(j.record, dict):
            clips = j.record.get("clips")
            if isinstance(clips, list) and clips and isinstance(clips[0], dict):
                t = clips[0].get("title")
                title = t if isinstance(t, str) else ""
        state = j.state.value
        if isinstance(j.record, dict) and j.state.value == "failed":
            error = j.record.get("error")
            if isinstance(error, dict) and error.get("code") == "user_cancelled":
                state = "cancelled"  # a failed job the user cancelled reads as cancelled everywhere
        out.write(f"{state:<10} {j.jobid}  {oneline(title)}\n".rstrip() + "\n")
    return EXIT_OK
