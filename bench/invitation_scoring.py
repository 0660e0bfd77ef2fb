"""Benchmark: ranking editors for an invitation list from revisions already in memory (the pure domain code only).

Usage: .venv/bin/python bench/invitation_scoring.py [--revisions 1000000] [--pages 300] [--users 5000]
       [--repeat 5] [--batch 2500] [--seed 1]

Generates synthetic revisions (untimed): pages on two wikis (5/6 on enwiki, 1/6 on frwiki) each with its own
size history (log-normal start sizes, mostly small edits, some large additions and removals, page creations),
authors drawn from a Zipf-like distribution over registered users (so a few do most edits) plus anonymous and
temporary accounts, four years of timestamps (so some fall outside the 3-year window), revert tags, hidden
revisions, and editor facts with bots, indefinite blocks and opt-outs. Then times, best and median of --repeat runs:
  score:  ScoreAccumulator fed the counted revisions in batches of --batch, then rank() (the target: > 200,000/s);
  filter+score: counted_revisions() over every revision, feeding the accumulator the same way, then rank().
Also measures, untimed, the accumulator's memory (tracemalloc) to show it grows per (user, page) pair.
Writes bench/results/invitation_scoring.json and .txt; exits non-zero when the target is missed.
"""
import argparse
import datetime
import gc
import itertools
import json
import os
import platform
import random
import shlex
import statistics
import sys
import time
import tracemalloc

from backing import results_folder, source_facts

from eventcenter.services.invitations.domain.exclusions import counted_revisions
from eventcenter.services.invitations.domain.revisions import Editor, Revision, merge_editors
from eventcenter.services.invitations.domain.scoring import ScoreAccumulator

RESULTS = results_folder()
TARGET_PER_S = 200_000
NOW = datetime.datetime(2030, 5, 1, 12, 0, tzinfo=datetime.UTC)
SPAN_S = 4 * 365 * 86_400
NO_TAGS = frozenset()
TAG_SETS = [  # (weight, tags): shared frozensets, as an adapter interning tag names would produce
    (70.0, NO_TAGS), (18.0, frozenset({"visualeditor"})), (2.0, frozenset({"mobile edit", "mobile web edit"})),
    (4.0, frozenset({"mw-reverted"})), (2.5, frozenset({"mw-undo"})), (1.5, frozenset({"mw-rollback"})),
    (1.0, frozenset({"mw-manual-revert", "visualeditor"})), (1.0, frozenset({"mw-new-redirect"})),
]


def delta(rng: random.Random) -> int:
    """Bytes changed by one edit: mostly small fixes, some real additions, some removals, rare big ones."""
    kind = rng.random()
    if kind < 0.60:
        return int(rng.gauss(15, 60))
    if kind < 0.85:
        return int(rng.lognormvariate(6.3, 0.9))  # ~550 bytes median
    if kind < 0.96:
        return -int(rng.lognormvariate(5.5, 1.2))
    return int(rng.lognormvariate(8.7, 0.8))  # ~6 kB median


def generate(args) -> tuple[list[Revision], dict, dict]:
    rng = random.Random(args.seed)
    names = [f"Editor {i}" for i in range(args.users)]
    weights = list(itertools.accumulate(1 / (i + 1) ** 1.05 for i in range(args.users)))
    tag_weights = list(itertools.accumulate(w for w, _ in TAG_SETS))
    tag_sets = [tags for _, tags in TAG_SETS]
    per_page = [args.revisions // args.pages + (1 if p < args.revisions % args.pages else 0)
                for p in range(args.pages)]
    revisions, rev_id = [], itertools.count(1)
    for p, count in enumerate(per_page):
        wiki = "frwiki" if p % 6 == 5 else "enwiki"
        title = f"Article {p}"
        authors = rng.choices(names, cum_weights=weights, k=count)
        tags = rng.choices(tag_sets, cum_weights=tag_weights, k=count)
        offsets = sorted(rng.randrange(SPAN_S) for _ in range(count))
        size = 0 if rng.random() < 0.3 else int(rng.lognormvariate(9.9, 1.0))  # some pages created in the span
        for author, tag, offset in zip(authors, tags, offsets, strict=False):
            parent = size
            size = max(0, parent + (delta(rng) if parent else int(rng.lognormvariate(8.0, 1.0))))
            kind = rng.random()
            anonymous, temporary = kind < 0.12, 0.12 <= kind < 0.16
            user = (f"192.0.2.{kind * 1e4 % 250:.0f}" if anonymous
                    else f"~2029-{kind * 1e6 % 99999:05.0f}" if temporary else author)
            revisions.append(Revision(
                wiki=wiki, page=title, rev_id=next(rev_id), user=user, user_id=0 if anonymous else hash(user) % 10**7,
                timestamp=NOW - datetime.timedelta(seconds=SPAN_S - offset), size=size, parent_size=parent,
                tags=tag, deleted=rng.random() < 0.005, anonymous=anonymous, temporary=temporary))
    facts = {}
    for wiki, name in itertools.product(("enwiki", "frwiki"), names):
        facts[(wiki, name)] = Editor(
            name=name, edit_count=int(rng.lognormvariate(6.5, 2.0)),
            groups=frozenset({"bot"}) if rng.random() < 0.01 else frozenset({"autoconfirmed"}),
            blocked_indefinitely=rng.random() < 0.01, opted_out=rng.random() < 0.02,
            last_edit_time=NOW - datetime.timedelta(days=rng.expovariate(1 / 60)))
    merged = {name: merge_editors(name, [facts[("enwiki", name)], facts[("frwiki", name)]]) for name in names}
    return revisions, facts, merged


def score(revisions: list[Revision], merged: dict, batch: int) -> list:
    accumulator = ScoreAccumulator()
    for start in range(0, len(revisions), batch):
        accumulator.add_many(revisions[start:start + batch])
    return accumulator.rank(merged, NOW)


def filter_and_score(revisions: list[Revision], facts: dict, merged: dict, batch: int) -> list:
    accumulator = ScoreAccumulator()
    counted = counted_revisions(revisions, now=NOW, editor_for=lambda r: facts.get((r.wiki, r.user)))
    while chunk := list(itertools.islice(counted, batch)):
        accumulator.add_many(chunk)
    return accumulator.rank(merged, NOW)


def timed(run, repeat: int) -> tuple[list[float], list]:
    seconds, ranked = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        ranked = run()
        seconds.append(time.perf_counter() - start)
    return seconds, ranked


def accumulator_memory(revisions: list[Revision]) -> dict:
    tracemalloc.start()
    accumulator = ScoreAccumulator()
    accumulator.add_many(revisions)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pairs = accumulator.pairs()
    return dict(users=len(accumulator.users()), pairs=pairs, bytes=current, peak_bytes=peak,
                bytes_per_pair=round(current / pairs, 1), bytes_per_revision=round(current / len(revisions), 1))


def main(args) -> int:
    report = [f"command: .venv/bin/python bench/invitation_scoring.py {shlex.join(sys.argv[1:])}".rstrip(),
              f"source: {source_facts()}",
              f"machine: {len(os.sched_getaffinity(0))} CPUs usable, {platform.platform()}, "
              f"{platform.python_implementation()} {platform.python_version()}, load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"]
    began = time.perf_counter()
    revisions, facts, merged = generate(args)
    generated_s = time.perf_counter() - began
    counted = list(counted_revisions(revisions, now=NOW, editor_for=lambda r: facts.get((r.wiki, r.user))))
    report.append(f"generated {len(revisions):,} revisions on {args.pages} pages by {args.users:,} registered users "
                  f"(plus anonymous and temporary) in {generated_s:.1f} s (untimed); {len(counted):,} count")
    score_s, ranked = timed(lambda: score(counted, merged, args.batch), args.repeat)
    full_s, full_ranked = timed(lambda: filter_and_score(revisions, facts, merged, args.batch), args.repeat)
    assert ranked == full_ranked, "filtering inside the timed run changed the ranking"
    memory = accumulator_memory(counted)
    result = dict(
        revisions=len(revisions), counted=len(counted), pages=args.pages, users=args.users, batch=args.batch,
        repeat=args.repeat, seed=args.seed, generate_s=round(generated_s, 2), target_per_s=TARGET_PER_S,
        score=dict(seconds=[round(s, 4) for s in score_s],
                   best_per_s=round(len(counted) / min(score_s)),
                   median_per_s=round(len(counted) / statistics.median(score_s))),
        filter_and_score=dict(seconds=[round(s, 4) for s in full_s], best_per_s=round(len(revisions) / min(full_s)),
                              median_per_s=round(len(revisions) / statistics.median(full_s))),
        memory=memory, listed=len(ranked), top=[(r.name, r.score, r.recommendation) for r in ranked[:5]],
        groups={g: sum(r.recommendation == g for r in ranked) for g in ("highly_recommended", "recommended", "other")},
        time=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        machine=report[2].removeprefix("machine: "),
        source=source_facts(), command=report[0].removeprefix("command: "))
    met = result["score"]["median_per_s"] > TARGET_PER_S
    s, f = result["score"], result["filter_and_score"]
    report += [
        "",
        f"score (accumulate {len(counted):,} counted revisions in batches of {args.batch}, then rank): median "
        f"{statistics.median(score_s):.3f} s = {s['median_per_s']:,} revisions/s (best {s['best_per_s']:,}/s); "
        f"target > {TARGET_PER_S:,}/s: {'met' if met else 'MISSED'}",
        f"filter+score (counted_revisions over all {len(revisions):,}, then the same): median "
        f"{statistics.median(full_s):.3f} s = {f['median_per_s']:,} revisions/s (best {f['best_per_s']:,}/s)",
        f"runs (s): score {' '.join(f'{x:.3f}' for x in score_s)}; filter+score {' '.join(f'{x:.3f}' for x in full_s)}",
        f"accumulator memory: {memory['bytes'] / 1e6:.1f} MB for {memory['pairs']:,} (user, page) pairs of "
        f"{memory['users']:,} users = {memory['bytes_per_pair']} B/pair "
        f"({memory['bytes_per_revision']} B per revision fed)",
        f"listed: {len(ranked)} (groups {result['groups']}); top: "
        + ", ".join(f"{name} {score}" for name, score, _ in result["top"]),
    ]
    text = "\n".join(report)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "invitation_scoring.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    (RESULTS / "invitation_scoring.txt").write_text(text + "\n")
    print("\nwrote bench/results/invitation_scoring.json and .txt")
    return 0 if met else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=1_000_000)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--users", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch", type=int, default=2500, help="revisions per add_many call (CE reads 2500 at once)")
    parser.add_argument("--seed", type=int, default=1)
    sys.exit(main(parser.parse_args()))
