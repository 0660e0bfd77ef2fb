"""Runs the benchmarks by name (`eventcenter bench <name> [its options]`, `make bench` for all of them): each starts
what it needs, runs a bounded load on loopback, prints its table and writes bench/results/<name>.json; then its
PNG chart is drawn from that JSON, next to it.

Usage: python bench/run.py NAME [options passed to the benchmark]     NAME: registration, listing, propagation,
       fanout, invitations, or all (each with the sizes `make bench` uses)."""
import json
import pathlib
import subprocess
import sys

from backing import results_folder
from charts import save_chart

HERE = pathlib.Path(__file__).parent
RESULTS = results_folder()


def _listing_chart(report: dict, path: pathlib.Path) -> None:
    cases = [row for row in report["results"] if "grpc" in row]
    save_chart(path, "Collaboration list: ListEvents latency by case (ms)", "case", "ms",
               {"p50": [(row["case"], row["grpc"]["p50"]) for row in cases],
                "p99": [(row["case"], row["grpc"]["p99"]) for row in cases],
                "target": [(row["case"], row["target_ms"]) for row in cases]}, bars=True)


def _propagation_chart(report: dict, path: pathlib.Path) -> None:
    stages = report["propagation_stages"]
    series = {f"{event} {quantile}": [(stage, timings[quantile]) for stage, timings in parts.items()]
              for event, parts in stages.items() for quantile in ("p50", "p99")}
    save_chart(path, "Registration to Collaboration list: time per stage (ms)", "stage", "ms", series, bars=True)


def _fanout_chart(report: dict, path: pathlib.Path) -> None:
    save_chart(path, f"Organizer message to {report['recipients']:,} recipients: mails reaching the sink",
               "second", "mails per second",
               {"mails per second": list(enumerate(report["per_second_at_sink"], start=1)),
                "target (500/s)": [(1, 500), (len(report["per_second_at_sink"]), 500)]})


def _invitations_chart(report: dict, path: pathlib.Path) -> None:
    series: dict[str, list] = {}
    for run in report["runs"]:
        if run.get("ready"):
            series.setdefault(f"{run['workers']} PHP workers", []).append((run["concurrency"], run["ready_s"]))
    series["target (30 s)"] = [(min(x for s in series.values() for x, _ in s), 30),
                               (max(x for s in series.values() for x, _ in s), 30)]
    save_chart(path, "Invitation list of 300 articles: seconds until ready", "wiki requests at once", "seconds",
               {name: sorted(points) for name, points in series.items()})


# name -> (script, the JSON it writes, default options for `all`, chart drawer; None: the script draws its own)
BENCHES = {
    "registration": ("registration.py", "registration.json", [], None),
    "listing": ("collaboration_listing.py", "collaboration_listing.json", ["--events", "100000"], _listing_chart),
    "propagation": ("collaboration_listing.py", "collaboration_listing.json", ["--events", "1000", "--calls", "20"],
                    _propagation_chart),
    "fanout": ("notifications_fanout.py", "notifications_fanout.json", [], _fanout_chart),
    "invitations": ("invitations_list.py", "invitations_list.json",
                    ["--workers", "2", "--concurrency", "4", "--repeat", "1", "--wiki-folder",
                     str(pathlib.Path.home() / ".cache" / "eventcenter-bench-wiki")], _invitations_chart),
}


def run(name: str, options: list[str]) -> int:
    script, output, _, draw = BENCHES[name]
    done = subprocess.run([sys.executable, str(HERE / script), *options])
    if done.returncode == 0 and draw is not None:
        chart = RESULTS / f"{name}.png"
        draw(json.loads((RESULTS / output).read_text()), chart)
        print(f"chart: {chart}")
    return done.returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in (*BENCHES, "all"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] != "all":
        return run(argv[0], argv[1:])
    failed = [name for name, (_, _, options, _) in BENCHES.items() if run(name, options) != 0]
    print("\nall benchmarks ran" + (f"; missed or failed: {', '.join(failed)}" if failed else ", every target met"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
