"""A local FlowMusic API on the standard library only, for the demo, the tests and the benchmarks."""

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
    "DEMO_EMAIL",
    "DEMO_TOKEN",
    "DEMO_USER_ID",
    "FAULT_KINDS",
    "RANDOM_FAULT_KINDS",
    "ClipPlan",
    "DemoJob",
    "JobPlan",
    "RequestLogEntry",
    "Simulator",
    "build_parser",
    "demo_jobids",
    "demo_jobs",
    "main",
]
