"""Benchmark: extract job ids from 1 MB of pasted text holding 10,000 ids; exits 1 when over the target.

Run from the repository root: ``python bench/jobids.py`` (``--runs N``, ``--target S``).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# After the path tweak, so that the script runs from a plain checkout too.
from flowmusic_gui.core.jobids import extract_jobids

TARGET_S = 0.5
N_IDS = 10_000
SIZE = 1_000_000
WORDS = ["the", "song", "finished", "at", "last", "please", "track", "these", "jobs:", "done,", "pending;", "ok"]


def make_jobid(rng: random.Random, i: int) -> str:
    u = uuid.UUID(int=rng.getrandbits(128), version=4)
    local = rng.choice(["ana", "bo.b", "c-d", "e+tag", "f_g", "h.i-j+k_l"]) + str(i)
    return f"job:{u}-user:{rng.randint(1, 99_999)}-{local}@m-{i % 7}.io-bot:flowmusic"


def record(jobid: str, rng: random.Random) -> str:
    user_email = jobid.split("-user:", 1)[1].rsplit("-bot:", 1)[0]
    clips = [{"clip": f"user:{user_email}-clip:{uuid.UUID(int=rng.getrandbits(128))}", "duration_s": 173.03}]
    return json.dumps({"jobid": jobid, "status": "completed", "clips": clips})


def mixed_text(seed: int = 1) -> tuple[str, list[str]]:
    """Plain ids, URL-encoded ids and JSON records in prose noise, padded to SIZE characters."""
    rng = random.Random(seed)
    ids = [make_jobid(rng, i) for i in range(N_IDS)]
    parts: list[str] = []
    for i, jobid in enumerate(ids):
        form = i % 20
        if form < 16:
            parts.append(jobid)
        elif form < 19:
            parts.append("https://api.useapi.net/v1/flowmusic/jobs/" + quote(jobid, safe=""))
        else:
            parts.append(record(jobid, rng))
        parts.append(rng.choice([",", ";", "\n", " |", " ok", " done,"]))
    text = " ".join(parts)
    filler = " ".join(rng.choices(WORDS, k=max(0, SIZE - len(text)) // 5 + 1))
    return text + "\n" + filler, ids


def json_list_text(seed: int = 2) -> tuple[str, list[str]]:
    """One JSON list of 10,000 completed records (what `POST /music` returns), about 1 MB or more."""
    rng = random.Random(seed)
    ids = [make_jobid(rng, i) for i in range(N_IDS)]
    return "[" + ",".join(record(j, rng) for j in ids) + "]", ids


def measure(text: str, expected: list[str], runs: int) -> tuple[float, float]:
    """Best and median seconds over ``runs``; the best is the code's own cost, the median shows machine noise."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = extract_jobids(text)
        times.append(time.perf_counter() - t0)
        if list(result.ids) != expected or result.rejected:
            raise SystemExit(f"wrong result: {len(result.ids)} ids, {len(result.rejected)} rejected")
    return min(times), statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--target", type=float, default=TARGET_S, help="seconds per MB (default 0.5)")
    args = parser.parse_args(argv)
    failed = False
    for name, (text, ids) in (("mixed text", mixed_text()), ("JSON list of records", json_list_text())):
        mb = len(text.encode()) / 1e6
        # The target is for 1 MB; the JSON list is larger (records are long), so its bound scales with its size.
        target = args.target * max(1.0, mb)
        best, median = measure(text, ids, args.runs)
        over = best > target
        failed |= over
        print(
            f"{name}: {mb:.2f} MB, {len(ids)} ids: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms "
            f"over {args.runs} runs (target {target * 1000:.0f} ms){'  OVER TARGET' if over else ''}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
