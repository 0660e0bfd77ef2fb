"""Benchmark: one organizer message fanned out to 10,000 participants, from the stream to a real SMTP server.

Usage: .venv/bin/python bench/notifications_fanout.py [--recipients 10000] [--smtp-connections 8]
       [--batch-size 200] [--pool-size 10] [--idle-seconds 0.5] [--in-process] [--profile] [--keep]

Starts embedded PostgreSQL and NATS, migrates the notifications schema, seeds the contacts (COPY), starts an
SMTP sink (aiosmtpd) in a process of its own that counts unique Message-IDs and recipients, and starts the
service as the container does (`eventcenter serve notifications`, settings from EVENTCENTER_* variables; with
--in-process, a NotificationsService in this process, frozen for the GC as `serve` does). After a warm-up
message of one full batch it publishes one ParticipantsEmailed event to JetStream as the registration relay does
(Nats-Msg-Id, Eventcenter-Type, Eventcenter-Time headers) and times publish -> fan-out rows committed (their
commit timestamp) -> first mail claimed -> every mail at the sink, while sampling the service process's
resident memory every 0.25 s. Target (the issue): every message reaches the sink exactly once, at least 500
messages per second end to end, memory flat. Prints a table, writes bench/results/notifications_fanout.json and
.txt, and exits non-zero when a target is missed. --profile (implies --in-process) runs cProfile over the timed
run (slower; its rate is not checked) and prints where the service's time goes; results go to
notifications_fanout_profile.*.
"""
import argparse
import asyncio
import cProfile
import datetime
import gc
import io
import json
import multiprocessing
import os
import pathlib
import platform
import pstats
import re
import secrets
import shlex
import signal
import subprocess
import sys
import threading
import time
import uuid

import asyncpg
from backing import postgres_and_nats, results_folder, source_facts
from google.protobuf.timestamp_pb2 import Timestamp

from eventcenter.registration.v1 import events_pb2
from eventcenter.registration.v1 import resources_pb2 as pb
from eventcenter.services.devstack import provision
from eventcenter.services.devstack.ports import free_port, wait_for_port
from eventcenter.services.kernel import bus
from eventcenter.services.kernel.logs import configure_logging
from eventcenter.services.notifications.bootstrap import NotificationsService, migrate
from eventcenter.services.notifications.settings import NotificationsSettings

try:
    import psutil
except ImportError:  # memory from /proc instead; CPU shares are then left out
    psutil = None

DATABASE = "bench_notifications"
RESULTS = results_folder()
RATE_TARGET = 500.0  # messages per second, publish to the last message at the SMTP server
# "Memory flat": the peak during the run may exceed the RSS at publish (after a warm-up of one full batch) by at
# most this much. Holding every composed message at once would not fit: one EmailMessage as the worker builds it
# takes about 107 KiB of Python objects (tracemalloc), so 10,000 would be about 1 GB; even their wire bytes alone
# (about 3 KB each, see sink.bytes in the JSON) would add some 30 MB.
FLAT_MB = 25.0
SAMPLE_SECONDS = 0.25
ORGANIZER = 1
FIRST_RECIPIENT = 100_000
# Contacts' languages: English, French and Arabic (right to left) have catalogs, German falls back to English.
LANGUAGES = [("en", 6), ("fr", 2), ("ar", 1), ("de", 1)]
EMAILED = events_pb2.ParticipantsEmailed.DESCRIPTOR
MESSAGE_TEXT = """Dear participants,

thank you for signing up for the Bench Editathon! We start on Saturday at 10:00 with a short introduction to
editing, then work through the list of missing articles on women in science. Bring a laptop; the venue has
Wi-Fi and power. If you take part online, the meeting link is on the event page and will open fifteen minutes
before we start.

Please add the articles you plan to improve to the worklist beforehand so that we do not work on the same ones,
and tell us in the chat if you need an account created for you.

See you there,
the organizers"""


# ----------------------------------------------------------------------------------------------- SMTP sink


MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)
HEADER_END = re.compile(rb"\r?\n\r?\n")


class _Counter:
    """aiosmtpd handler: accepts everything and counts it. `live` (shared memory) carries the running total and
    the first and last arrival times, so that the benchmark can watch without asking."""

    def __init__(self, live) -> None:
        self.live = live
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.ids: set[bytes] = set()
            self.recipients: set[str] = set()
            self.arrivals: list[float] = []
            self.received = self.envelope_recipients = self.without_id = self.size = 0
            self.live[0] = self.live[1] = self.live[2] = 0.0

    async def handle_DATA(self, server, session, envelope):
        arrived = time.time()
        head = HEADER_END.split(envelope.content, 1)[0]
        found = MESSAGE_ID.search(head)
        with self.lock:
            self.received += 1
            self.size += len(envelope.content)
            self.envelope_recipients += len(envelope.rcpt_tos)
            self.recipients.update(address.lower() for address in envelope.rcpt_tos)
            if found:
                self.ids.add(found.group(1))
            else:
                self.without_id += 1
            self.arrivals.append(arrived)
            if not self.live[1]:
                self.live[1] = arrived
            self.live[2] = arrived
            self.live[0] = self.received
        return "250 OK"

    def report(self) -> dict:
        with self.lock:
            return dict(received=self.received, unique_message_ids=len(self.ids),
                        unique_recipients=len(self.recipients), envelope_recipients=self.envelope_recipients,
                        without_message_id=self.without_id, bytes=self.size, arrivals=list(self.arrivals))


def run_sink(port: int, live, commands) -> None:
    """The sink process: serves SMTP on `port` until told to stop; answers "report" and "reset"."""
    from aiosmtpd.controller import Controller

    counter = _Counter(live)
    controller = Controller(counter, hostname="127.0.0.1", port=port, server_hostname="sink.bench")
    controller.start()
    commands.send("ready")
    try:
        while True:
            command = commands.recv()
            if command == "report":
                commands.send(counter.report())
            elif command == "reset":
                counter.reset()
                commands.send("reset")
            else:
                break
    finally:
        controller.stop()


class Sink:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.port = free_port()
        self.live = context.RawArray("d", 3)  # received, first arrival, last arrival (time.time())
        self.commands, theirs = context.Pipe()
        self.process = context.Process(target=run_sink, args=(self.port, self.live, theirs), name="smtp-sink",
                                       daemon=True)

    def __enter__(self) -> "Sink":
        self.process.start()
        if not self.commands.poll(30) or self.commands.recv() != "ready":
            raise RuntimeError("the SMTP sink did not start")
        return self

    def __exit__(self, *exc) -> None:
        if self.process.is_alive():
            try:
                self.commands.send("stop")
            except OSError:
                pass
            self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)

    @property
    def received(self) -> int:
        return int(self.live[0])

    def ask(self, command: str):
        self.commands.send(command)
        return self.commands.recv()


# ----------------------------------------------------------------------------------------------- measuring


def rss_bytes(pid: int) -> int:
    if psutil is not None:
        try:
            return psutil.Process(pid).memory_info().rss
        except psutil.Error:
            return 0
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """The service process's resident memory every `interval` seconds, from a thread of its own (a busy event
    loop does not delay the samples)."""

    def __init__(self, pid: int, interval: float = SAMPLE_SECONDS) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        self.pid = pid
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while True:
            self.samples.append((time.time(), rss_bytes(self.pid)))
            if self.stopping.wait(self.interval):
                return

    def stop(self) -> None:
        self.stopping.set()
        self.join()
        self.samples.append((time.time(), rss_bytes(self.pid)))

    def between(self, start: float, end: float) -> list[tuple[float, int]]:
        return [(t, rss) for t, rss in self.samples if start <= t <= end]


class CpuMeter:
    """CPU seconds of the service, the sink, PostgreSQL and NATS over the timed run."""

    def __init__(self, processes: dict[str, int]) -> None:
        self.processes = {name: psutil.Process(pid) for name, pid in processes.items()} if psutil else {}

    @staticmethod
    def _seconds(process) -> float:
        """The process, its children that ended (reaped), and those still running (PostgreSQL backends)."""
        try:
            times = process.cpu_times()
            children = process.children(recursive=True)
        except psutil.Error:
            return 0.0
        total = times.user + times.system + times.children_user + times.children_system
        for child in children:
            try:
                child_times = child.cpu_times()
            except psutil.Error:  # ended meanwhile: counted with its parent's children_* from now on
                continue
            total += child_times.user + child_times.system
        return total

    def read(self) -> dict[str, float]:
        return {name: self._seconds(process) for name, process in self.processes.items()}


def mb(value: float) -> float:
    return round(value / 1024 / 1024, 1)


def slope_mb_per_1000(samples: list[tuple[float, int]], arrivals: list[float]) -> float | None:
    """Least-squares growth of RSS against mail sent so far, in MB per 1,000 mails: near 0 when memory is
    flat, about one mail's footprint when every mail is kept."""
    if len(samples) < 3:
        return None
    arrivals = sorted(arrivals)
    points, index = [], 0
    for t, rss in samples:
        while index < len(arrivals) and arrivals[index] <= t:
            index += 1
        points.append((index, rss))
    xs = [x for x, _ in points]
    if max(xs) == min(xs):
        return None
    mean_x, mean_y = sum(xs) / len(xs), sum(y for _, y in points) / len(points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x in xs)
    return round(slope * 1000 / 1024 / 1024, 2)


def growth_after(samples: list[tuple[float, int]], arrivals: list[float], share: float) -> float | None:
    """Peak RSS minus the RSS when `share` of the mails had arrived: what the rest of the run added."""
    if not arrivals or not samples:
        return None
    mark = sorted(arrivals)[int(len(arrivals) * share)]
    later = [rss for t, rss in samples if t >= mark]
    return mb(max(later) - later[0]) if later else None


# ----------------------------------------------------------------------------------------------- the service


class ServedService:
    """`eventcenter serve notifications` in a process of its own, as the container runs it."""

    def __init__(self, environment: dict[str, str], address: str, log_path: pathlib.Path) -> None:
        self.environment, self.address, self.log_path = environment, address, log_path
        self.process: subprocess.Popen | None = None

    async def start(self) -> None:
        self.log = open(self.log_path, "ab")  # noqa: SIM115 (the child's output for its whole life; closed in stop)
        self.process = subprocess.Popen([sys.executable, "-m", "eventcenter.services.cli", "serve", "notifications"],
                                        env={**os.environ, **self.environment}, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        host, port = self.address.rsplit(":", 1)
        try:
            await asyncio.to_thread(wait_for_port, host, int(port), 60.0)
        except TimeoutError:
            raise RuntimeError("the service did not start:\n" + self.log_tail()) from None
        self.pid = self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    async def stop(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)  # a graceful stop, as Kubernetes asks
            try:
                await asyncio.to_thread(self.process.wait, 30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None:
            self.log.close()


class InProcessService:
    """The service in this process (for cProfile), frozen for the garbage collector as `serve` does."""

    def __init__(self, settings: NotificationsSettings) -> None:
        self.service = NotificationsService(settings)
        self.pid = os.getpid()

    async def start(self) -> None:
        await self.service.start()
        gc.collect()
        gc.freeze()

    def alive(self) -> bool:
        return True

    def log_tail(self) -> str:
        return ""

    async def stop(self) -> None:
        await self.service.stop()
        gc.unfreeze()


# ----------------------------------------------------------------------------------------------- setup


def timestamp(value: datetime.datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def bench_event(now: datetime.datetime) -> pb.Event:
    start = (now + datetime.timedelta(days=30)).replace(hour=8, minute=0, second=0, microsecond=0)
    end = start + datetime.timedelta(hours=8)
    return pb.Event(
        id=4242, name="Bench Editathon", page=pb.EventPage(wiki="local", title="Event:Bench Editathon"),
        status=pb.EVENT_STATUS_OPEN, timezone="Europe/Berlin",
        start_local_time=(start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S"),
        end_local_time=(end + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S"),
        start_time=timestamp(start), end_time=timestamp(end), types=["editing-event"],
        participation_options=pb.PARTICIPATION_OPTIONS_ONLINE_AND_IN_PERSON, country_code="DE",
        address="Bibliothek, Berlin", meeting_url="https://meet.example.org/bench", chat_url="https://chat.example.org",
        revision=1, creator_user_id=ORGANIZER, create_time=timestamp(now), update_time=timestamp(now))


def emailed(message_id: str, event: pb.Event, recipients: list[int], now: datetime.datetime) -> bytes:
    return events_pb2.ParticipantsEmailed(
        message_id=message_id, event=event, sender_user_id=ORGANIZER, sender_name="Bench Organizer",
        subject="Bench Editathon: what to bring on Saturday", message=MESSAGE_TEXT,
        recipient_user_ids=recipients, cc_sender=False, send_time=timestamp(now)).SerializeToString()


async def publish(js, data: bytes) -> str:
    """As the registration relay does: the outbox row id as Nats-Msg-Id, the type and time headers."""
    stream_id = str(uuid.uuid4())
    headers = {bus.HEADER_MESSAGE_ID: stream_id, bus.HEADER_TYPE: EMAILED.full_name,
               bus.HEADER_TIME: datetime.datetime.now(datetime.UTC).isoformat(),
               bus.HEADER_REQUEST_ID: uuid.uuid4().hex}
    await js.publish(bus.subject_for("registration", EMAILED.name), data, timeout=5.0, headers=headers)
    return stream_id


def language_of(number: int) -> str:
    slot, total = number % sum(w for _, w in LANGUAGES), 0
    for language, weight in LANGUAGES:
        total += weight
        if slot < total:
            return language
    return "en"


async def seed_contacts(dsn: str, recipients: int) -> None:
    now = datetime.datetime.now(datetime.UTC)
    rows = [(ORGANIZER, "Bench Organizer", "organizer@bench.test", "en", True, now)]
    rows += [(FIRST_RECIPIENT + n, f"Participant {n}", f"participant{n}@bench.test", language_of(n), True, now)
             for n in range(recipients)]
    connection = await asyncpg.connect(dsn)
    try:
        await connection.copy_records_to_table(
            "contacts", schema_name="notifications", records=rows,
            columns=["user_id", "user_name", "email", "language", "accept_user_mail", "update_time"])
        await connection.execute("ANALYZE notifications.contacts")
    finally:
        await connection.close()


async def wait_until(condition, timeout: float, stall: float | None = None, progress=None) -> bool:
    """Polls every 10 ms; gives up after `timeout`, or after `stall` seconds without `progress()` changing."""
    deadline = time.monotonic() + timeout
    last, moved = progress() if progress else None, time.monotonic()
    while not condition():
        now = time.monotonic()
        if now > deadline:
            return False
        if progress is not None:
            seen = progress()
            if seen != last:
                last, moved = seen, now
            elif stall is not None and now - moved > stall:
                return False
        await asyncio.sleep(0.01)
    return True


# ----------------------------------------------------------------------------------------------- the run


async def run(args, sink: Sink, postgres, nats_server, report: list[str]) -> dict:
    admin = postgres.url()
    await provision.ensure_database(admin, DATABASE)
    admin_db = postgres.url(database=DATABASE)
    await provision.ensure_service_role(admin_db, "notifications", "notifications")
    values = dict(
        database_url=postgres.url("notifications", "notifications", DATABASE), nats_url=nats_server.url,
        grpc_address=f"127.0.0.1:{free_port()}", identity_secret=secrets.token_urlsafe(48), smtp_host="127.0.0.1",
        smtp_port=sink.port, mail_from="Event Center <no-reply@eventcenter.bench>",
        public_url="https://eventcenter.bench", smtp_connections=args.smtp_connections,
        delivery_batch_size=args.batch_size, database_pool_size=args.pool_size,
        delivery_idle_seconds=args.idle_seconds, log_level="warning")
    settings = NotificationsSettings(**values)
    await migrate(settings)
    dsn = admin_db.replace("postgresql+asyncpg://", "postgresql://")
    started = time.perf_counter()
    await seed_contacts(dsn, args.recipients)
    seeded_s = time.perf_counter() - started

    used = {k: getattr(settings, k) for k in ("smtp_connections", "delivery_batch_size", "database_pool_size",
                                               "delivery_idle_seconds", "delivery_lease_seconds")}
    if args.in_process:
        service = InProcessService(settings)
        how = "in this process (NotificationsService, gc.freeze() after start)"
    else:
        environment = {f"EVENTCENTER_{k.upper()}": str(v) for k, v in values.items()}
        service = ServedService(environment, settings.grpc_address, postgres.data_dir.parent / "notifications.log")
        how = "eventcenter serve notifications (own process, settings from EVENTCENTER_* variables)"
    report.append(f"service: {how}")
    report.append(f"settings: {', '.join(f'{k}={v}' for k, v in used.items())}; contacts seeded by COPY in "
                  f"{seeded_s:.1f} s; languages {', '.join(f'{lang} {w}0%' for lang, w in LANGUAGES)}")

    connection = await asyncpg.connect(dsn)
    publisher = await bus.connect(nats_server.url, "bench-publisher")
    rss_before_service = rss_bytes(os.getpid()) if args.in_process else 0
    sampler = None
    try:
        await service.start()
        sampler = RssSampler(service.pid)
        sampler.start()
        js = publisher.jetstream()
        await bus.ensure_stream(js)
        now = datetime.datetime.now(datetime.UTC)
        event = bench_event(now)
        # Warm-up: one full batch pays for imports, templates, catalogs, connections and a batch's working set,
        # so that what the run adds is what grows with the number of mails.
        warm = list(range(FIRST_RECIPIENT, FIRST_RECIPIENT + min(args.batch_size, args.recipients)))
        await publish(js, emailed("warm-up", event, warm, now))
        if not await wait_until(lambda: sink.received >= len(warm) or not service.alive(), timeout=60) \
                or not service.alive():
            raise RuntimeError(f"warm-up: {sink.received} of {len(warm)} mails arrived\n{service.log_tail()}")
        await asyncio.sleep(1.0)  # its deliveries marked sent, the worker idle again
        sink.ask("reset")
        rss_after_warmup = rss_bytes(service.pid)

        recipients = list(range(FIRST_RECIPIENT, FIRST_RECIPIENT + args.recipients))
        data = emailed("bench", event, recipients, now)
        del recipients
        cpu = CpuMeter({"service": service.pid, "smtp sink": sink.process.pid,
                        "postgresql": postgres.process.pid, "nats-server": nats_server.process.pid})
        cpu_before = cpu.read()
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        published_at = time.time()
        stream_id = await publish(js, data)
        acked_at = time.time()
        complete = await wait_until(lambda: sink.received >= args.recipients,
                                    timeout=max(120.0, args.recipients / 50), stall=30.0,
                                    progress=lambda: sink.received)
        done_at = time.time()
        if profiler:
            profiler.disable()
        cpu_after = cpu.read()
        wall = done_at - published_at
        # Each delivery is marked sent right after the server's answer: give the last ones a moment.
        for _ in range(200):
            pending = await connection.fetchval(
                "SELECT count(*) FROM notifications.deliveries d JOIN notifications.messages m ON m.id = d.message_id"
                " WHERE m.key = 'organizer:bench' AND d.state <> 'sent'")
            if not pending:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)  # late repeats would arrive now
        sampler.stop()
        rss_end = rss_bytes(service.pid)
        sunk = sink.ask("report")
        log_tail = service.log_tail()
    finally:
        if sampler is not None and sampler.is_alive():
            sampler.stop()
        await publisher.close()
        await service.stop()

    facts = await connection.fetchrow(
        """SELECT m.id, extract(epoch FROM m.create_time) AS handled,
                  extract(epoch FROM pg_xact_commit_timestamp(m.xmin)) AS committed,
                  (SELECT count(*) FROM notifications.deliveries d WHERE d.message_id = m.id) AS deliveries,
                  (SELECT count(*) FROM notifications.inbox_items i WHERE i.message_id = m.id) AS inbox_items,
                  (SELECT count(*) FROM notifications.deliveries d WHERE d.message_id = m.id AND d.state = 'sent')
                      AS sent,
                  (SELECT count(*) FROM notifications.deliveries d WHERE d.message_id = m.id AND d.attempts > 1)
                      AS retried,
                  (SELECT extract(epoch FROM min(d.next_attempt_time)) FROM notifications.deliveries d
                      WHERE d.message_id = m.id AND d.state = 'sent') AS first_claim_plus_lease,
                  (SELECT count(DISTINCT d.next_attempt_time) FROM notifications.deliveries d
                      WHERE d.message_id = m.id) AS claims
           FROM notifications.messages m WHERE m.key = 'organizer:bench'""")
    states = dict(await connection.fetch(
        "SELECT state, count(*) FROM notifications.deliveries d JOIN notifications.messages m ON m.id = d.message_id"
        " WHERE m.key = 'organizer:bench' GROUP BY state"))
    await connection.close()

    n = args.recipients
    arrivals = sunk.pop("arrivals")
    first_at, last_at = (min(arrivals), max(arrivals)) if arrivals else (None, None)
    committed = float(facts["committed"]) if facts and facts["committed"] is not None else None
    first_claim = (float(facts["first_claim_plus_lease"]) - settings.delivery_lease_seconds
                   if facts and facts["first_claim_plus_lease"] is not None else None)
    span = (last_at - published_at) if last_at else None

    def seconds(a, b):
        return round(b - a, 3) if a is not None and b is not None else None

    phases = dict(
        publish_acked=seconds(published_at, acked_at),
        publish_to_handling=seconds(published_at, float(facts["handled"])) if facts else None,
        publish_to_fanout_committed=seconds(published_at, committed),
        fanout_committed_to_first_claim=seconds(committed, first_claim),
        fanout_committed_to_first_mail=seconds(committed, first_at),
        send_phase_first_to_last_mail=seconds(first_at, last_at),
        publish_to_last_mail=seconds(published_at, last_at))
    send_s = phases["send_phase_first_to_last_mail"]
    rates = dict(end_to_end=round(sunk["unique_message_ids"] / span, 1) if span else 0.0,
                 send_phase=round(sunk["unique_message_ids"] / send_s, 1) if send_s else 0.0,
                 from_fanout_commit=round(sunk["unique_message_ids"] / (last_at - committed), 1)
                 if last_at and committed else 0.0)
    per_second: list[int] = []
    for t in arrivals:
        index = int(t - first_at)
        per_second.extend([0] * (index + 1 - len(per_second)))
        per_second[index] += 1

    run_samples = sampler.between(published_at, done_at + 1.5)
    rss_start = run_samples[0][1] if run_samples else rss_after_warmup
    rss_peak = max(rss for _, rss in run_samples) if run_samples else rss_end
    memory = dict(samples=len(run_samples), interval_s=SAMPLE_SECONDS,
                  before_service_mb=mb(rss_before_service) if rss_before_service else None,
                  after_warmup_mb=mb(rss_after_warmup), start_mb=mb(rss_start), peak_mb=mb(rss_peak),
                  end_mb=mb(rss_end), growth_to_peak_mb=mb(rss_peak - rss_start),
                  slope_mb_per_1000_mails=slope_mb_per_1000(run_samples, arrivals),
                  growth_after_first_tenth_mb=growth_after(run_samples, arrivals, 0.1),
                  timeline_mb=[[round(t - published_at, 2), mb(rss)] for t, rss in run_samples],
                  source="psutil" if psutil else "/proc/self/status VmRSS")
    cpu_used = {name: round(cpu_after[name] - cpu_before[name], 2) for name in cpu_after}
    duplicates = sunk["received"] - sunk["unique_message_ids"]
    checks = dict(
        complete=complete and sunk["unique_message_ids"] == n and sunk["unique_recipients"] == n
        and facts is not None and facts["deliveries"] == n and facts["sent"] == n,
        no_duplicates=duplicates == 0 and sunk["envelope_recipients"] == sunk["received"],
        rate=rates["end_to_end"] >= RATE_TARGET,
        memory_flat=(rss_peak - rss_start) / 1024 / 1024 <= FLAT_MB)
    if args.profile:
        checks = {k: v for k, v in checks.items() if k != "rate"}  # profiled timings are not the benchmark's
    return dict(
        recipients=n,
        warmup_recipients=len(warm),
        stream_message_id=stream_id,
        settings=used,
        complete_within_timeout=complete,
        sink=sunk,
        duplicates=duplicates,
        phases_s=phases,
        database=dict(
            {
                k: float(v) if k in ("handled", "committed", "first_claim_plus_lease") and v is not None else v
                for k, v in (facts or {}).items()
            },
            states=states,
        ),
        rates_per_s=rates,
        per_second_at_sink=per_second,
        memory=memory,
        cpu_seconds=cpu_used,
        cpu_wall_s=round(wall, 3),
        checks=checks,
        service_log_tail=log_tail,
        profile=profile_text(profiler) if profiler else None,
    )


def profile_text(profiler: cProfile.Profile, limit: int = 35) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(limit)
    out.write("\n")
    stats.sort_stats("cumulative").print_stats(limit)
    return re.sub(r"/\S*/site-packages/", "", out.getvalue()).replace(str(pathlib.Path.cwd()) + "/", "")


# ----------------------------------------------------------------------------------------------- report


def machine_facts() -> dict:
    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in pathlib.Path("/proc/cpuinfo").read_text()
                     .splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import aiosmtpd
    import aiosmtplib
    return dict(source=source_facts(), cpu_count=os.cpu_count(), cpus_usable=len(os.sched_getaffinity(0)),
                cpu_model=model, load_average=[round(x, 2) for x in os.getloadavg()], platform=platform.platform(),
                python=platform.python_version(), aiosmtplib=aiosmtplib.__version__, aiosmtpd=aiosmtpd.__version__,
                asyncpg=asyncpg.__version__)


def table(result: dict) -> list[str]:
    p, r, m, s, db = (result["phases_s"], result["rates_per_s"], result["memory"], result["sink"],
                      result["database"])
    n = result["recipients"]
    checks = result["checks"]

    def yes(name: str) -> str:
        return "-" if name not in checks else "yes" if checks[name] else "NO"

    def sec(value) -> str:
        return f"{value:.3f} s" if value is not None else "-"

    rows = [
        ("publish -> JetStream ack", sec(p["publish_acked"]), "", ""),
        ("publish -> consumer handling", sec(p["publish_to_handling"]), "", ""),
        ("publish -> fan-out rows committed", sec(p["publish_to_fanout_committed"]),
         f"{db.get('deliveries', 0)} deliveries + {db.get('inbox_items', 0)} inbox rows", ""),
        ("fan-out committed -> first claim", sec(p["fanout_committed_to_first_claim"]), "", ""),
        ("fan-out committed -> first mail", sec(p["fanout_committed_to_first_mail"]), "", ""),
        ("send phase (first -> last mail)", sec(p["send_phase_first_to_last_mail"]),
         f"{r['send_phase']:.0f} mails/s", ""),
        ("publish -> last mail at sink", sec(p["publish_to_last_mail"]), f"{r['end_to_end']:.0f} mails/s",
         f">= {RATE_TARGET:.0f}/s  {yes('rate')}"),
        ("mails at sink (unique Message-IDs)", f"{s['unique_message_ids']}/{n}",
         f"{s['unique_recipients']} unique recipients, {db.get('sent', 0)} marked sent", f"all  {yes('complete')}"),
        ("duplicates", str(result["duplicates"]), f"{s['received']} received, {db.get('retried', 0)} retried",
         f"0  {yes('no_duplicates')}"),
        ("RSS start / peak / end", f"{m['start_mb']} / {m['peak_mb']} / {m['end_mb']} MB",
         f"+{m['growth_to_peak_mb']} MB to peak (+{m['growth_after_first_tenth_mb']} after the first 10%), "
         f"slope {m['slope_mb_per_1000_mails']} MB/1000 mails",
         f"<= +{FLAT_MB:.0f} MB  {yes('memory_flat')}"),
    ]
    width = [max(len(row[i]) for row in rows) for i in range(4)]
    header = ["measure", "value", "detail", "target  met"]
    width = [max(w, len(h)) for w, h in zip(width, header, strict=False)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, width, strict=False)), "-" * (sum(width) + 6)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, width, strict=False)).rstrip() for row in rows]
    return lines


def describe(result: dict) -> list[str]:
    m, cpu = result["memory"], result["cpu_seconds"]
    wall = result["cpu_wall_s"]
    lines = [(f"memory of the service: before it started {m['before_service_mb']} MB, " if m["before_service_mb"]
              else "memory of the service: ") + f"after warm-up ({result['warmup_recipients']} "
             f"mails) {m['after_warmup_mb']} MB; "
             f"{m['samples']} samples every {m['interval_s']} s ({m['source']})"]
    if cpu:
        lines.append("CPU during the run (s of CPU / s of wall, 1.00 = one core busy): " + ", ".join(
            f"{name} {seconds:.1f} s = {seconds / wall:.2f}" for name, seconds in cpu.items()))
        service = cpu.get("service")
        if service:
            lines.append(f"service CPU per mail: {service / result['recipients'] * 1000:.2f} ms")
    lines.append(f"database: {result['database'].get('claims')} claims of up to "
                 f"{result['settings']['delivery_batch_size']}; states {result['database']['states']}")
    per_second = result["per_second_at_sink"]
    if per_second:
        lines.append("mails at the sink per second of the send phase: " + " ".join(str(c) for c in per_second))
    return lines


async def main(args) -> int:
    configure_logging("warning")
    report = [f"command: .venv/bin/python bench/notifications_fanout.py {shlex.join(sys.argv[1:])}".rstrip()]
    facts = machine_facts()
    report.append(f"source: {facts['source']}")
    report.append(f"machine: {facts['cpus_usable']} CPUs usable ({facts['cpu_model']}), {facts['platform']}, Python "
                  f"{facts['python']}, aiosmtplib {facts['aiosmtplib']}, aiosmtpd {facts['aiosmtpd']}, load average "
                  f"{' '.join(map(str, facts['load_average']))}")
    with Sink() as sink, postgres_and_nats(keep=args.keep) as (postgres, nats_server):
        # Commit times of the fan-out transaction, without polling during the run.
        connection = await asyncpg.connect(postgres.url().replace("postgresql+asyncpg://", "postgresql://"))
        await connection.execute("ALTER SYSTEM SET track_commit_timestamp = on")
        version = await connection.fetchval("SHOW server_version")
        await connection.close()
        postgres.stop()
        postgres.start()
        report.append(f"postgres {version} (fsync on, synchronous_commit on); nats-server {nats_server.url}; "
                      f"SMTP sink (aiosmtpd, own process) 127.0.0.1:{sink.port}")
        result = await run(args, sink, postgres, nats_server, report)
        if args.keep:
            report.append(f"kept: {postgres.data_dir.parent}")
    result["machine"] = facts
    result["time"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    report += ["", f"one ParticipantsEmailed to {result['recipients']:,} recipients"
               + (" (under cProfile: timings are not the benchmark's)" if args.profile else ""), ""]
    report += table(result)
    report += [""] + describe(result)
    missed = [name for name, ok in result["checks"].items() if not ok]
    report += ["", "targets: " + ("all met" if not missed else "missed: " + ", ".join(missed))]
    result["missed"] = missed
    if result["profile"]:
        report += ["", "profile of this process during the run:", result["profile"]]
    text = "\n".join(report)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    name = "notifications_fanout" + ("_profile" if args.profile else "")
    result["command"] = report[0].removeprefix("command: ")
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    (RESULTS / f"{name}.txt").write_text(text + "\n")
    print(f"\nwrote bench/results/{name}.json and .txt")
    return 1 if missed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    defaults = NotificationsSettings.model_fields
    parser.add_argument("--smtp-connections", type=int, default=defaults["smtp_connections"].default)
    parser.add_argument("--batch-size", type=int, default=defaults["delivery_batch_size"].default,
                        help="delivery_batch_size: deliveries claimed at once")
    parser.add_argument("--pool-size", type=int, default=defaults["database_pool_size"].default)
    parser.add_argument("--idle-seconds", type=float, default=defaults["delivery_idle_seconds"].default,
                        help="delivery_idle_seconds: the worker's poll when not woken")
    parser.add_argument("--in-process", action="store_true", help="run the service in this process")
    parser.add_argument("--profile", action="store_true", help="cProfile the service (in this process) during the run")
    parser.add_argument("--keep", action="store_true", help="keep the servers' folder (and logs) afterwards")
    arguments = parser.parse_args()
    arguments.in_process = arguments.in_process or arguments.profile
    sys.exit(asyncio.run(main(arguments)))
