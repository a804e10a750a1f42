"""A local FlowMusic API of the whole documented surface, on the standard library only (plus shipped media loops),
for the demo, the tests and the benchmarks."""

from .accounts import CREDITS_PER_SONG, DEMO_ACCOUNTS, MODERATION_MARKER, Account, parse_account
from .cli import build_parser, main
from .jobs import ClipPlan, DemoJob, JobPlan, demo_jobids, demo_jobs
from .server import (
    API_PREFIX,
    BLOB_MAX,
    DEMO_EMAIL,
    DEMO_TOKEN,
    DEMO_USER_ID,
    FAULT_KINDS,
    RANDOM_FAULT_KINDS,
    RequestLogEntry,
    Simulator,
)

__all__ = [
    "API_PREFIX",
    "BLOB_MAX",
    "CREDITS_PER_SONG",
    "DEMO_ACCOUNTS",
    "DEMO_EMAIL",
    "DEMO_TOKEN",
    "DEMO_USER_ID",
    "FAULT_KINDS",
    "MODERATION_MARKER",
    "RANDOM_FAULT_KINDS",
    "Account",
    "ClipPlan",
    "DemoJob",
    "JobPlan",
    "RequestLogEntry",
    "Simulator",
    "build_parser",
    "demo_jobids",
    "demo_jobs",
    "main",
    "parse_account",
]
