"""The benchmarks still run: each at a tiny size, writing into a folder of the test's own (their sizes and
targets are theirs; here only that they start what they need, drive it, and write their results)."""
import json
import os
import pathlib
import subprocess
import sys

import pytest

RUN = pathlib.Path(__file__).parent.parent / "bench" / "run.py"
pytestmark = pytest.mark.slow


def _bench(tmp_path: pathlib.Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RUN), *arguments], env={**os.environ, "EVENTCENTER_BENCH_RESULTS":
                                                                        str(tmp_path)},
                          capture_output=True, text=True, timeout=600)


def test_registration_benchmark_runs_end_to_end(tmp_path):
    done = _bench(tmp_path, "registration", "--per-level", "40", "--levels", "4", "--events", "2")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads((tmp_path / "registration.json").read_text())
    # The floor's rows were committed too: a failed write is an error of its call.
    for path in ("rest", "grpc", "grpc_alone", "echo", "floor_rest", "floor_grpc"):
        [row] = report[path]
        assert row["errors"] == 0 and row["per_second"] > 0, (path, row)
    # Every registration's confirmation reached the mail sink, and each process's CPU was read.
    assert report["rest"][0]["confirmations_settled_seconds_after_last_answer"] is not None
    assert set(report["rest"][0]["service_cpu_ms_per_registration"]) >= {"registration", "gateway", "notifications"}
    assert report["rest"][0]["backing_cpu_ms_per_registration"]["postgres"] > 0
    # Read from the registration service's metrics: every call was written in some transaction.
    assert all(report[path][0]["calls_per_transaction"] >= 1 for path in ("rest", "grpc", "grpc_alone"))
    verdict = report["verdict"]  # the ceiling is what the cores allow at the CPU all parts used
    assert verdict["cpu_ms_per_rest_registration"] > 0
    assert verdict["floor_grpc_to_echo_ratio"] > 0
    assert abs(verdict["cpu_ceiling_per_second"] - report["cpus"] * 1000 / verdict["cpu_ms_per_rest_registration"]) < 2
    assert (tmp_path / "registration.png").stat().st_size > 0


def test_listing_and_propagation_benchmark_runs(tmp_path):
    done = _bench(tmp_path, "propagation", "--events", "300", "--calls", "3", "--warmup", "1", "--pages", "2",
                  "--propagation", "5", "--pause-ms", "10")
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    report = json.loads((tmp_path / "collaboration_listing.json").read_text())
    assert report["seeded"] and {row["case"] for row in report["results"]} >= {"upcoming, no filter",
                                                                                "CreateEvent -> listed"}
    assert (tmp_path / "propagation.png").stat().st_size > 0
