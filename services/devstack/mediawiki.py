"""A real local MediaWiki (Debian's 1.39 package), seeded with known data: the tests read it, the dev stack
offers it (`eventcenter dev --wiki`), and the benchmarks fill a large one.

The wiki runs from the packaged code in /usr/share/mediawiki; everything it writes (LocalSettings.php, the
SQLite databases) lives in a temp folder, and every entry point finds that configuration through the
MW_CONFIG_FILE environment variable, so nothing under /etc or /var/lib is touched. PHP's built-in server
answers on a free loopback port.

Seeding: the page histories (users, IPs, timestamps over the last four years) are written by Python as an XML
dump (export-0.11) and loaded with importDump.php. MediaWiki does not detect reverts on import (no change tags
at all), so the reverts, the blocks and a revision deletion are then made through the Action API as real
users would, which makes MediaWiki tag them itself (mw-rollback, mw-undo, mw-manual-revert on the reverting
edit, mw-reverted on the reverted ones). Those API edits carry the time they were made (just now).

    with seeded_wiki() as wiki:          # SeededWiki: .api_url, .pages, .users, .now ...
        ...
    with large_wiki(articles=300, revisions=100_000) as wiki:   # for benchmarks
        ...
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import itertools
import json
import os
import pathlib
import random
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from typing import TextIO
from xml.sax.saxutils import escape

import httpx

from eventcenter.services.devstack.ports import free_port, wait_for_port

MEDIAWIKI_DIR = pathlib.Path("/usr/share/mediawiki")
INSTALLER = MEDIAWIKI_DIR / "maintenance" / "install.php"
# Keep in step with the Makefile's rule for the same file.
PACKAGES = ("mediawiki", "php-cli", "php-sqlite3", "php-mbstring", "php-xml", "php-intl")
ADMIN = "Admin"
UTC = dt.UTC


# ---------------------------------------------------------------------------------------------------------
# What the seeded wiki holds (the expected values, computed here, independently of what the wiki answers)

@dataclasses.dataclass
class SeededRevision:
    revid: int
    parentid: int
    user: str  # account name or IP address, as the wiki spells it (even when hidden from the public)
    anonymous: bool  # an IP edit
    timestamp: dt.datetime  # UTC, whole seconds
    size: int  # bytes of UTF-8 wikitext
    parent_size: int  # size of the previous revision of the page; 0 for its first revision
    comment: str
    minor: bool
    tags: tuple[str, ...]  # change tags the wiki reports, sorted
    user_hidden: bool = False  # revision deletion (action=revisiondelete)
    content_hidden: bool = False
    comment_hidden: bool = False
    via_api: bool = False  # made through the Action API during seeding (timestamp: at seeding time)
    text: str = dataclasses.field(default="", repr=False)

    @property
    def delta(self) -> int:
        return self.size - self.parent_size

    @property
    def deleted(self) -> bool:
        return self.user_hidden or self.content_hidden or self.comment_hidden

    @property
    def reverted(self) -> bool:
        return "mw-reverted" in self.tags


@dataclasses.dataclass
class SeededPage:
    title: str  # prefixed title, e.g. "Talk:Solar System"
    ns: int
    revisions: list[SeededRevision]  # oldest first
    pageid: int = 0

    @property
    def latest(self) -> SeededRevision:
        return self.revisions[-1]


@dataclasses.dataclass
class SeededUser:
    name: str
    userid: int
    editcount: int  # what list=users reports: all live revisions (hidden ones included) in every namespace
    groups: tuple[str, ...]  # explicit groups (the wiki adds the implicit *, user, autoconfirmed)
    password: str = dataclasses.field(default="", repr=False)
    registration: dt.datetime | None = None
    blocked: bool = False
    block_expiry: dt.datetime | None = None  # None with blocked=True: an indefinite block
    block_reason: str = ""

    @property
    def indefinitely_blocked(self) -> bool:
        return self.blocked and self.block_expiry is None

    @property
    def bot(self) -> bool:
        return "bot" in self.groups


@dataclasses.dataclass
class SeededWiki:
    """The small seed. Shared by the whole test session: treat it as read-only (start another for changes)."""
    api_url: str
    server: str  # e.g. http://127.0.0.1:PORT ($wgServer)
    now: dt.datetime  # the reference time the seed's timestamps were counted back from
    pages: dict[str, SeededPage]
    users: dict[str, SeededUser]  # accounts, Admin included ("MediaWiki default" made the Main Page, not listed)
    ips: tuple[str, ...]  # the IP addresses that edited
    admin_password: str = dataclasses.field(repr=False, default="")
    timings: dict[str, float] = dataclasses.field(default_factory=dict)
    wiki: LocalMediaWiki | None = dataclasses.field(default=None, repr=False)

    def revisions(self) -> Iterator[tuple[SeededPage, SeededRevision]]:
        for page in self.pages.values():
            for revision in page.revisions:
                yield page, revision

    def revision(self, revid: int) -> SeededRevision:
        for _, revision in self.revisions():
            if revision.revid == revid:
                return revision
        raise KeyError(revid)

    def session(self, name: str) -> ApiSession:
        """An Action API client logged in as one of the seeded accounts (close it after use)."""
        return ApiSession(self.api_url).login(name, self.users[name].password)


# ---------------------------------------------------------------------------------------------------------
# Packages


def ensure_installed() -> None:
    """Install Debian's MediaWiki and PHP when missing (the Makefile does it up front for `make test`)."""
    if INSTALLER.exists() and shutil.which("php") and _php_modules() >= _PHP_MODULES:
        return
    apt = ([] if os.geteuid() == 0 else ["sudo"]) + ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    subprocess.run([*apt, "update", "-qq"], check=True)
    subprocess.run([*apt, "install", "-y", "-qq", "--no-install-recommends", *PACKAGES], check=True)


_PHP_MODULES = {"pdo_sqlite", "intl", "mbstring", "xml"}


def _php_modules() -> set[str]:
    listing = subprocess.run(["php", "-m"], capture_output=True, text=True).stdout
    return {line.strip().lower() for line in listing.splitlines()}


# ---------------------------------------------------------------------------------------------------------
# The wiki itself

_EXTRA_SETTINGS = """
# --- added for the tests ---
$wgJobRunRate = 0;           # no jobs on web requests: the seeding runs runJobs.php itself
$wgUseRCPatrol = false;      # every revert counts as approved: its mw-reverted tags are applied right away
$wgEnableEmail = false;
$wgEnableUserEmail = false;
$wgPingback = false;
$wgUseInstantCommons = false;
$wgMainCacheType = CACHE_NONE;
$wgArticleCountMethod = 'any';  # every content page counts as an article (the default needs link tables)
$wgShowExceptionDetails = true;
$wgPasswordAttemptThrottle = [];
$wgPasswordConfig['pbkdf2']['cost'] = '1000';  # test accounts: sign-ins in milliseconds, not 30000 rounds
$wgRateLimits = [];
# Not in MediaWiki's defaults (only the suppress group has it), but administrators have it on Wikimedia wikis.
$wgGroupPermissions['sysop']['deleterevision'] = true;
$wgGroupPermissions['sysop']['deletelogentry'] = true;
"""

# Creates accounts in one PHP process (far faster than one createAndPromote.php each): JSON list of
# {"name", "password" (optional), "groups", "registration" (optional, YYYYmmddHHMMSS)}; prints {name: id}.
_SEED_USERS_PHP = r"""<?php
require_once '/usr/share/mediawiki/maintenance/Maintenance.php';

use MediaWiki\Auth\AuthManager;
use MediaWiki\MediaWikiServices;

class SeedUsers extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addArg( 'file', 'JSON list of accounts' );
	}

	public function execute() {
		$services = MediaWikiServices::getInstance();
		$groups = $services->getUserGroupManager();
		$dbw = $this->getDB( DB_PRIMARY );
		$ids = [];
		foreach ( json_decode( file_get_contents( $this->getArg( 0 ) ), true ) as $spec ) {
			$user = User::newFromName( $spec['name'] );
			$status = $services->getAuthManager()->autoCreateUser( $user, AuthManager::AUTOCREATE_SOURCE_MAINT, false );
			if ( !$status->isGood() ) {
				$this->fatalError( $spec['name'] . ': ' . $status->getMessage( false, false, 'en' )->text() );
			}
			if ( !empty( $spec['password'] ) ) {
				$status = $user->changeAuthenticationData(
					[ 'username' => $user->getName(), 'password' => $spec['password'],
						'retype' => $spec['password'] ] );
				if ( !$status->isGood() ) {
					$this->fatalError( $spec['name'] . ': ' . $status->getMessage( false, false, 'en' )->text() );
				}
			}
			if ( !empty( $spec['groups'] ) ) {
				$groups->addUserToMultipleGroups( $user, $spec['groups'] );
			}
			if ( !empty( $spec['registration'] ) ) {
				$dbw->update( 'user', [ 'user_registration' => $dbw->timestamp( $spec['registration'] ) ],
					[ 'user_id' => $user->getId() ], __METHOD__ );
			}
			$ids[$user->getName()] = $user->getId();
		}
		$this->output( json_encode( $ids ) . "\n" );
	}
}

$maintClass = SeedUsers::class;
require_once RUN_MAINTENANCE_IF_MAIN;
"""


class ApiError(RuntimeError):
    pass


class ApiSession:
    """One logged-in (or anonymous) client of the Action API, with its own cookies."""

    def __init__(self, api_url: str) -> None:
        self.api_url = api_url
        self.http = httpx.Client(timeout=60)

    def close(self) -> None:
        self.http.close()

    def _check(self, response: httpx.Response) -> dict:
        response.raise_for_status()
        data = response.json()
        if "error" in data:
            raise ApiError(f"{data['error'].get('code')}: {data['error'].get('info')}")
        return data

    def get(self, **params) -> dict:
        return self._check(self.http.get(self.api_url, params={"format": "json", "formatversion": "2", **params}))

    def post(self, **params) -> dict:
        return self._check(self.http.post(self.api_url, data={"format": "json", "formatversion": "2", **params}))

    def token(self, kind: str = "csrf") -> str:
        return self.get(action="query", meta="tokens", type=kind)["query"]["tokens"][f"{kind}token"]

    def login(self, name: str, password: str) -> ApiSession:
        answer = self.post(action="clientlogin", username=name, password=password,
                           loginreturnurl="http://127.0.0.1/", logintoken=self.token("login"))
        if answer["clientlogin"]["status"] != "PASS":
            raise ApiError(f"login of {name}: {answer['clientlogin']}")
        return self

    def write(self, action: str, token: str = "csrf", **params) -> dict:
        return self.post(action=action, token=self.token(token), **params)


class LocalMediaWiki:
    """A fresh wiki in a temp folder, served by `php -S` on loopback; a context manager."""

    def __init__(self, folder: pathlib.Path | None = None, workers: int = 2, port: int = 0) -> None:
        """`port` 0: a free one."""
        self._own_folder = folder is None
        self.folder = pathlib.Path(folder) if folder else pathlib.Path(
            tempfile.mkdtemp(prefix="mediawiki-", dir=_fast_temp_dir()))
        self.workers = workers
        self.port = port
        self.admin_password = secrets.token_urlsafe(24)
        self.settings = self.folder / "LocalSettings.php"
        self._server: subprocess.Popen | None = None
        self.timings: dict[str, float] = {}

    @property
    def server(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.server}/api.php"

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "MW_CONFIG_FILE": str(self.settings), "MW_INSTALL_PATH": str(MEDIAWIKI_DIR)}

    def __enter__(self) -> LocalMediaWiki:
        try:
            ensure_installed()
            self.port = self.port or free_port()
            with self._timed("install"):
                self._install()
            with self._timed("server"):
                self._start_server()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._stop_server()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    @contextlib.contextmanager
    def _timed(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    def _install(self) -> None:
        (self.folder / "data").mkdir()
        self.php("maintenance/install.php", "--dbtype", "sqlite", "--dbpath", str(self.folder / "data"),
                 "--dbname", "testwiki", "--server", self.server, "--scriptpath", "", "--lang", "en",
                 "--confpath", str(self.folder), "--pass", self.admin_password, "--skins", "Vector",
                 "Test Wiki", ADMIN)
        with self.settings.open("a") as settings:
            settings.write(_EXTRA_SETTINGS)

    def _start_server(self) -> None:
        log = (self.folder / "server.log").open("ab")
        env = {**self.env, "PHP_CLI_SERVER_WORKERS": str(self.workers)} if self.workers > 1 else self.env
        # opcache in the CLI server: ~15 ms per API request instead of ~400 ms.
        self._server = subprocess.Popen(
            ["php", "-d", "opcache.enable_cli=1", "-d", "memory_limit=512M", "-S", f"127.0.0.1:{self.port}",
             "-t", str(MEDIAWIKI_DIR)],
            cwd=MEDIAWIKI_DIR, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        log.close()
        wait_for_port("127.0.0.1", self.port, timeout=30)
        warm = self.anonymous()
        try:
            warm.get(action="query", meta="siteinfo")  # loads the localisation cache once
        finally:
            warm.close()

    def _stop_server(self) -> None:
        server, self._server = self._server, None
        if server is None or server.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)  # its own session: the server and its workers
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)

    def php(self, script: str | pathlib.Path, *args: str, input: bytes | None = None) -> str:
        """Run a PHP (maintenance) script of this wiki; returns its output, raises with it on failure."""
        done = subprocess.run(["php", "-d", "memory_limit=2G", str(script), *args], cwd=MEDIAWIKI_DIR,
                              env=self.env, input=input, capture_output=True)
        if done.returncode != 0:
            raise RuntimeError(f"php {script} {' '.join(args)} failed ({done.returncode}):\n"
                               f"{done.stdout.decode(errors='replace')}\n{done.stderr.decode(errors='replace')}")
        return done.stdout.decode(errors="replace")

    def anonymous(self) -> ApiSession:
        return ApiSession(self.api_url)

    def session(self, name: str, password: str) -> ApiSession:
        return ApiSession(self.api_url).login(name, password)

    def admin(self) -> ApiSession:
        return self.session(ADMIN, self.admin_password)

    def create_users(self, specs: list[dict]) -> dict[str, int]:
        """Accounts in one PHP run: [{"name", "password"?, "groups"?, "registration"? (datetime)}] -> ids."""
        script = self.folder / "seed_users.php"
        script.write_text(_SEED_USERS_PHP)
        listing = self.folder / "users.json"
        listing.write_text(json.dumps([
            {**spec, "registration": _mw_timestamp(spec["registration"]) if spec.get("registration") else None}
            for spec in specs]))
        return json.loads(self.php(script, str(listing)).strip().splitlines()[-1])

    def import_dump(self, dump: pathlib.Path, updates: bool = True) -> None:
        self.php("maintenance/importDump.php", "--quiet", *(() if updates else ("--no-updates",)), str(dump))

    def import_stream(self, pages: Iterable[tuple[str, int, Iterable[DumpRevision]]], updates: bool = True) -> int:
        """Write the dump straight into importDump.php's standard input; returns the revision count."""
        command = ["php", "-d", "memory_limit=2G", "maintenance/importDump.php", "--quiet",
                   *(() if updates else ("--no-updates",))]
        with tempfile.TemporaryFile() as errors:
            importer = subprocess.Popen(command, cwd=MEDIAWIKI_DIR, env=self.env, stdin=subprocess.PIPE,
                                        stdout=errors, stderr=errors)
            try:
                with io.TextIOWrapper(importer.stdin, encoding="utf-8") as stream:
                    count = write_dump(stream, pages)
            except BrokenPipeError:
                count = -1
            if importer.wait() != 0 or count < 0:
                errors.seek(0)
                raise RuntimeError(f"importDump.php failed ({importer.returncode}):\n"
                                   f"{errors.read().decode(errors='replace')}")
        return count

    def finish_seeding(self) -> None:
        """Bring derived data in line with what was imported and edited."""
        self.php("maintenance/runJobs.php", "--quiet")
        self.php("maintenance/initEditCount.php", "--quick")
        self.php("maintenance/initSiteStats.php", "--update", "--active")


def _fast_temp_dir() -> str | None:
    """/dev/shm when it is roomy: SQLite syncs every imported revision; in memory the import runs twice as fast."""
    shm = pathlib.Path("/dev/shm")
    with contextlib.suppress(OSError):
        stats = os.statvfs(shm)
        if os.access(shm, os.W_OK) and stats.f_bavail * stats.f_frsize >= 2 << 30:
            return str(shm)
    return None


# ---------------------------------------------------------------------------------------------------------
# XML dumps


@dataclasses.dataclass
class DumpRevision:
    user: str
    anonymous: bool
    timestamp: dt.datetime
    text: str
    comment: str = ""
    minor: bool = False


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _mw_timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def write_dump(target: pathlib.Path | TextIO, pages: Iterable[tuple[str, int, Iterable[DumpRevision]]]) -> int:
    """Write pages (title, namespace, revisions oldest first) as an export-0.11 dump to a file or text stream;
    returns the revision count.

    No page/revision ids and no sha1: the importer assigns ids, and without a sha1 it skips its
    duplicate-revision query (one SELECT per revision saved)."""
    count = 0
    with (target.open("w", encoding="utf-8") if isinstance(target, pathlib.Path)
          else contextlib.nullcontext(target)) as out:
        out.write('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" '
                  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                  'xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.11/ '
                  'http://www.mediawiki.org/xml/export-0.11.xsd" version="0.11" xml:lang="en">\n')
        for title, ns, revisions in pages:
            parts = [f"  <page>\n    <title>{escape(title)}</title>\n    <ns>{ns}</ns>\n"]
            for revision in revisions:
                count += 1
                who = (f"<ip>{escape(revision.user)}</ip>" if revision.anonymous
                       else f"<username>{escape(revision.user)}</username>")
                data = revision.text.encode("utf-8")
                parts.append(
                    f"    <revision>\n      <timestamp>{_iso(revision.timestamp)}</timestamp>\n"
                    f"      <contributor>{who}</contributor>\n"
                    + ("      <minor/>\n" if revision.minor else "")
                    + f"      <comment>{escape(revision.comment)}</comment>\n"
                    "      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
                    f'      <text bytes="{len(data)}" xml:space="preserve">{escape(revision.text)}</text>\n'
                    "    </revision>\n")
            parts.append("  </page>\n")
            out.write("".join(parts))
        out.write("</mediawiki>\n")
    return count


# ---------------------------------------------------------------------------------------------------------
# Text that grows and changes like an article's (PST-stable: no trailing spaces, no signatures, NFC)

_WORDS = ("the", "of", "and", "river", "city", "light", "energy", "orbit", "history", "bridge", "tower", "market",
          "Kraków", "Zürich", "café", "naïve", "façade", "Ångström", "São Paulo", "Łódź", "résumé", "θ", "λ",
          "century", "built", "rebuilt", "planet", "moon", "harbour", "coast", "trade", "island", "museum",
          "station", "north", "south", "ancient", "modern", "archive", "council", "survey", "records", "—")


class _Article:
    def __init__(self, rng: random.Random, title: str) -> None:
        self.rng = rng
        self.paragraphs = [f"'''{title}''' is {self._sentence()}"]

    def _sentence(self, words: int = 0) -> str:
        sentence = " ".join(self.rng.choices(_WORDS, k=words or self.rng.randint(6, 18)))
        return sentence[0].upper() + sentence[1:] + "."

    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def edit(self) -> str:
        roll = self.rng.random()
        if roll < 0.45 or len(self.paragraphs) < 3:
            self.paragraphs.append(" ".join(self._sentence() for _ in range(self.rng.randint(1, 4))))
        elif roll < 0.75:
            at = self.rng.randrange(len(self.paragraphs))
            self.paragraphs[at] = f"{self.paragraphs[at]} {self._sentence()}"
        elif roll < 0.9:
            at = self.rng.randrange(1, len(self.paragraphs))
            self.paragraphs[at] = " ".join(self._sentence() for _ in range(self.rng.randint(1, 3)))
        else:
            del self.paragraphs[self.rng.randrange(1, len(self.paragraphs))]
        return self.text()

    def vandalise(self) -> str:
        at = self.rng.randrange(len(self.paragraphs))
        self.paragraphs[at] = self.paragraphs[at] + " LOL this page is rubbish!!!"
        return self.text()


# ---------------------------------------------------------------------------------------------------------
# The small seed


IP4_A, IP4_B, IP6 = "192.0.2.44", "198.51.100.23", "2001:DB8:0:0:0:0:0:7"
ALICE, BOB, CAROL, DAVE = "Alice Editor", "Bob Writer", "Carol Oldtimer", "Dave Newbie"
BOT, VANDAL, COOLING = "Gardener Bot", "Vandal Account", "Cooling Off"

_ACCOUNTS = {ALICE: (), BOB: (), CAROL: (), DAVE: (), BOT: ("bot",), VANDAL: (), COOLING: ()}  # name: groups


@dataclasses.dataclass
class _Plan:
    """The seed before it exists: page histories to import, then API actions, with expectations."""
    now: dt.datetime
    pages: dict[str, SeededPage] = dataclasses.field(default_factory=dict)
    imported: dict[str, list[DumpRevision]] = dataclasses.field(default_factory=dict)


def _history(rng: random.Random, plan: _Plan, title: str, ns: int, steps: list[tuple[str, float]]) -> None:
    """Plans a page whose revisions, by (user, days ago) steps, are imported."""
    article = _Article(rng, title.split(":", 1)[-1])
    revisions = []
    for index, (user, days_ago) in enumerate(steps):
        text = article.text() if index == 0 else (article.vandalise() if user == VANDAL else article.edit())
        when = (plan.now - dt.timedelta(days=days_ago)).replace(microsecond=0)
        comment = "Created page" if index == 0 else rng.choice(
            ("copyedit", "expand history section", "sources", "typo", "update figures", ""))
        if user == VANDAL:
            comment = ""
        revisions.append(DumpRevision(user, _is_ip(user), when, text, comment, minor=user == BOT))
    plan.imported[title] = revisions
    page = SeededPage(title, ns, [])
    for revision in revisions:
        _append(page, revision.user, revision.timestamp, revision.text, revision.comment, revision.minor)
    plan.pages[title] = page


def _append(page: SeededPage, user: str, when: dt.datetime, text: str, comment: str, minor: bool = False,
            tags: tuple[str, ...] = (), via_api: bool = False) -> SeededRevision:
    parent_size = page.revisions[-1].size if page.revisions else 0
    revision = SeededRevision(0, 0, user, _is_ip(user), when, len(text.encode("utf-8")), parent_size, comment,
                              minor, tags, via_api=via_api, text=text)
    page.revisions.append(revision)
    return revision


def _is_ip(name: str) -> bool:
    return name[:1].isdigit() or ":" in name


def _spread(rng: random.Random, users: list[str], first: float, last: float, count: int) -> list[tuple[str, float]]:
    """count steps by the given users (cycled, shuffled) from `first` to `last` days ago, oldest first."""
    ages = sorted((rng.uniform(last, first) for _ in range(count - 2)), reverse=True)
    ages = [first, *ages, last]
    cycle = [users[i % len(users)] for i in range(count)]
    rng.shuffle(cycle)
    return list(zip(cycle, ages, strict=False))


def _small_plan(now: dt.datetime) -> _Plan:
    rng = random.Random(20240611)
    plan = _Plan(now)
    # Solar System: a long history; two vandal edits at the end, rolled back by Admin through the API.
    _history(rng, plan, "Solar System", 0,
             [(CAROL, 1455), (CAROL, 1400)] + _spread(rng, [ALICE, BOB, BOT, IP4_A, ALICE], 1300, 6, 26)
             + [(VANDAL, 3), (VANDAL, 2.9)])
    # Lighthouse: an IP's edit at the end, undone by Alice through the API.
    _history(rng, plan, "Lighthouse", 0,
             _spread(rng, [BOB, ALICE, CAROL, IP4_B], 1350, 12, 15) + [(IP4_B, 1.5)])
    # Kraków Old Town: two bad edits at the end; Bob restores the earlier text by hand (a manual revert).
    _history(rng, plan, "Kraków Old Town", 0,
             _spread(rng, [ALICE, BOB, COOLING], 1250, 35, 12) + [(DAVE, 20), (IP6, 15)])
    # River Thames: nothing newer than three years.
    _history(rng, plan, "River Thames", 0, _spread(rng, [CAROL, BOB, IP4_A], 1460, 1110, 10))
    # Photosynthesis: mostly recent, a bot; one revision of Cooling Off gets deleted (user and text hidden).
    _history(rng, plan, "Photosynthesis", 0,
             _spread(rng, [ALICE, BOT, BOB], 900, 40, 13) + [(DAVE, 35), (COOLING, 30), (ALICE, 25), (BOT, 8)])
    # Quantum Dot: a young article.
    _history(rng, plan, "Quantum Dot", 0, _spread(rng, [DAVE, ALICE, COOLING, IP6], 60, 0.5, 8))
    _history(rng, plan, "Talk:Solar System", 1, _spread(rng, [ALICE, BOB, IP4_A], 1200, 4, 5))
    _history(rng, plan, f"User:{ALICE}", 2, _spread(rng, [ALICE], 1440, 100, 3))
    _history(rng, plan, f"User talk:{BOB}", 3, _spread(rng, [ALICE, BOT, BOB], 800, 7, 4))
    return plan


def _seed_actions(wiki: LocalMediaWiki, plan: _Plan, passwords: dict[str, str]) -> dict[str, dict]:
    """The API half of the seed: reverts, blocks, a revision deletion. Returns the blocks as the wiki answered."""
    admin = wiki.admin()
    alice, bob = wiki.session(ALICE, passwords[ALICE]), wiki.session(BOB, passwords[BOB])
    try:
        # Rollback of the vandal's two edits.
        page = plan.pages["Solar System"]
        answer = admin.write("rollback", token="rollback", title=page.title, user=VANDAL)["rollback"]
        for revision in page.revisions[-2:]:
            revision.tags = ("mw-reverted",)
        restored = page.revisions[-3].text
        # Rollbacks are minor edits.
        _append(page, ADMIN, _parse_time(_revision_time(admin, answer["revid"])), restored,
                answer["summary"], minor=True, tags=("mw-rollback",), via_api=True)

        # Undo of the IP's last edit.
        page = plan.pages["Lighthouse"]
        revids = _revids(admin, page.title)
        answer = alice.write("edit", title=page.title, undo=revids[-1], summary="undo unsourced change")["edit"]
        page.revisions[-1].tags = ("mw-reverted",)
        _append(page, ALICE, _parse_time(answer["newtimestamp"]), page.revisions[-2].text,
                "undo unsourced change", tags=("mw-undo",), via_api=True)

        # Manual revert: Bob saves the text as it was before Dave's and the IP's edits.
        page = plan.pages["Kraków Old Town"]
        restored = page.revisions[-3].text
        answer = bob.write("edit", title=page.title, text=restored, summary="restore last good version")["edit"]
        for revision in page.revisions[-2:]:
            revision.tags = ("mw-reverted",)
        _append(page, BOB, _parse_time(answer["newtimestamp"]), restored, "restore last good version",
                tags=("mw-manual-revert",), via_api=True)

        # Revision deletion: hide the user and the text of Cooling Off's edit of Photosynthesis.
        page = plan.pages["Photosynthesis"]
        position = [revision.user for revision in page.revisions].index(COOLING)
        target = _revids(admin, page.title)[position]
        admin.write("revisiondelete", type="revision", target=page.title, ids=target, hide="content|user",
                    reason="copyright violation")
        page.revisions[position].user_hidden = page.revisions[position].content_hidden = True

        blocks = {
            VANDAL: admin.write("block", user=VANDAL, expiry="infinite", reason="vandalism only account",
                                nocreate=1)["block"],
            COOLING: admin.write("block", user=COOLING, expiry="2 weeks", reason="edit warring")["block"],
        }
    finally:
        for session in (admin, alice, bob):
            session.close()
    return blocks


def _revids(session: ApiSession, title: str) -> list[int]:
    answer = session.get(action="query", prop="revisions", titles=title, rvprop="ids", rvlimit="max", rvdir="newer")
    return [revision["revid"] for revision in answer["query"]["pages"][0]["revisions"]]


def _revision_time(session: ApiSession, revid: int) -> str:
    answer = session.get(action="query", prop="revisions", revids=revid, rvprop="timestamp")
    return answer["query"]["pages"][0]["revisions"][0]["timestamp"]


def _parse_time(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _fill_ids(session: ApiSession, plan: _Plan) -> None:
    """Give the planned revisions the ids the wiki assigned (in page order), checking the histories match."""
    for page in plan.pages.values():
        answer = session.get(action="query", prop="revisions", titles=page.title, rvprop="ids|timestamp|size",
                             rvlimit="max", rvdir="newer")["query"]["pages"][0]
        got = answer.get("revisions", [])
        if len(got) != len(page.revisions):
            raise RuntimeError(f"{page.title}: the wiki has {len(got)} revisions, the seed made {len(page.revisions)}")
        page.pageid = answer["pageid"]
        for planned, actual in zip(page.revisions, got, strict=False):
            if _parse_time(actual["timestamp"]) != planned.timestamp:
                raise RuntimeError(f"{page.title}: revision {actual} does not match the seed's {planned}")
            planned.revid, planned.parentid = actual["revid"], actual["parentid"]


@contextlib.contextmanager
def seeded_wiki(workers: int = 2, port: int = 0) -> Iterator[SeededWiki]:
    """A fresh wiki holding the small seed (see module doc); removed on exit."""
    started = time.perf_counter()
    now = dt.datetime.now(UTC).replace(microsecond=0)
    plan = _small_plan(now)
    # Each account registered a day before its first edit.
    registered = {name: min(revision.timestamp for page in plan.pages.values() for revision in page.revisions
                            if revision.user == name) - dt.timedelta(days=1) for name in _ACCOUNTS}
    with LocalMediaWiki(workers=workers, port=port) as wiki:
        passwords = {name: secrets.token_urlsafe(18) for name in _ACCOUNTS}
        with wiki._timed("users"):
            ids = wiki.create_users([
                {"name": name, "password": passwords[name], "groups": list(groups), "registration": registered[name]}
                for name, groups in _ACCOUNTS.items()])
        with wiki._timed("import"):
            dump = wiki.folder / "seed.xml"
            write_dump(dump, ((page.title, page.ns, plan.imported[page.title]) for page in plan.pages.values()))
            wiki.import_dump(dump)
            # The imported history into recentchanges (last 90 days), before the API edits add their own rows.
            wiki.php("maintenance/rebuildrecentchanges.php", "--quiet")
        with wiki._timed("api actions"):
            blocks = _seed_actions(wiki, plan, passwords)
        with wiki._timed("finish"):
            wiki.finish_seeding()
            anonymous = wiki.anonymous()
            _fill_ids(anonymous, plan)
            admin_id = anonymous.get(action="query", list="users", ususers=ADMIN)["query"]["users"][0]["userid"]
            anonymous.close()

        counts: dict[str, int] = {}
        for page in plan.pages.values():
            for revision in page.revisions:
                counts[revision.user] = counts.get(revision.user, 0) + 1
        users = {}
        for name, groups in _ACCOUNTS.items():
            block = blocks.get(name)
            expiry = block["expiry"] if block else None
            users[name] = SeededUser(
                name, ids[name], counts.get(name, 0), groups, passwords[name], registered[name],
                blocked=block is not None,
                block_expiry=None if expiry in (None, "infinite", "infinity") else _parse_time(expiry),
                block_reason=block["reason"] if block else "")
        users[ADMIN] = SeededUser(ADMIN, admin_id, counts.get(ADMIN, 0), ("bureaucrat", "interface-admin", "sysop"),
                                  wiki.admin_password)
        ips = tuple(sorted({revision.user for page in plan.pages.values() for revision in page.revisions
                            if revision.anonymous}))
        wiki.timings["total"] = time.perf_counter() - started
        yield SeededWiki(wiki.api_url, wiki.server, now, plan.pages, users, ips, wiki.admin_password,
                         dict(wiki.timings), wiki)


# ---------------------------------------------------------------------------------------------------------
# A large wiki for benchmarks


@dataclasses.dataclass
class LargeWiki:
    api_url: str
    server: str
    now: dt.datetime
    titles: list[str]
    revisions_per_title: dict[str, int]
    editcounts: dict[str, int]  # per account and IP, over all the seeded revisions
    users: list[str]  # accounts (no passwords); edits by others come from IPs
    timings: dict[str, float]
    wiki: LocalMediaWiki = dataclasses.field(repr=False)


def _large_histories(rng: random.Random, now: dt.datetime, titles: list[str], sizes: list[int], users: list[str],
                     ips: list[str], counts: dict[str, int]) -> Iterator[tuple[str, int, Iterator[DumpRevision]]]:
    span = 4 * 365 * 86400
    newest = int(now.timestamp())
    # Few people make most edits (Zipf-like: the most active account makes ~10% of the account edits).
    weights = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(users))))
    for title, size in zip(titles, sizes, strict=False):
        def revisions(title: str = title, size: int = size) -> Iterator[DumpRevision]:
            article = _Article(rng, title)
            # Distinct seconds: the page's history, spread over the last four years, oldest first.
            moments = sorted(rng.sample(range(newest - span, newest - 60), size))
            for index, moment in enumerate(moments):
                anonymous = rng.random() < 0.15
                user = rng.choice(ips) if anonymous else rng.choices(users, cum_weights=weights)[0]
                counts[user] = counts.get(user, 0) + 1
                text = article.text() if index == 0 else article.edit()
                if len(text) > 3000:  # articles of a few kB: drop a paragraph when they grow bigger
                    del article.paragraphs[1]
                    text = article.text()
                yield DumpRevision(user, anonymous, dt.datetime.fromtimestamp(moment, UTC), text, "edit")
        yield title, 0, revisions()


@contextlib.contextmanager
def large_wiki(articles: int = 300, revisions: int = 100_000, accounts: int = 500, workers: int = 2,
               seed: int = 7) -> Iterator[LargeWiki]:
    """A fresh wiki with `articles` main-namespace articles holding `revisions` revisions in all, from one dump.

    The import runs with --no-updates (no parse or link tables per revision); derived data (recent changes,
    edit counts, site statistics) is rebuilt afterwards."""
    rng = random.Random(seed)
    now = dt.datetime.now(UTC).replace(microsecond=0)
    titles = [f"Article {index:04d}" for index in range(articles)]
    base, extra = divmod(revisions, articles)
    sizes = [base + (1 if index < extra else 0) for index in range(articles)]
    users = [f"Editor {index:04d}" for index in range(accounts)]
    ips = [f"203.0.113.{index}" for index in range(1, 255)]
    counts: dict[str, int] = {}
    with LocalMediaWiki(workers=workers) as wiki:
        with wiki._timed("users"):
            wiki.create_users([{"name": name, "registration": now - dt.timedelta(days=5 * 365)} for name in users])
        with wiki._timed("import"):
            # Generated while importDump.php reads it: the dump never touches the disk.
            wiki.import_stream(_large_histories(rng, now, titles, sizes, users, ips, counts), updates=False)
        with wiki._timed("finish"):
            wiki.php("maintenance/rebuildrecentchanges.php", "--quiet")
            wiki.finish_seeding()
        yield LargeWiki(wiki.api_url, wiki.server, now, titles, dict(zip(titles, sizes, strict=False)), counts, users,
                        dict(wiki.timings), wiki)
