"""A local stand-in for the Programs & Events Dashboard's Event Center endpoints (a real HTTP server in a thread).

It keeps courses with their secret and facilitators, answers confirm_event_sync (dry run or real),
update_event_participants and unsync_event as the Dashboard does (JSON; errors as {"error_code": ...} with a 4xx
status), records every request and each course's last participant list, and can be taken down: answering 503, or
refusing connections (the port closed, reopened on `up()`)."""
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/wikimedia_event_center/"
STATUS = {"invalid_secret": 401, "course_not_found": 404, "not_organizer": 403, "already_in_use": 409,
          "sync_already_enabled": 409, "sync_not_enabled": 422}


@dataclass
class Course:
    secret: str
    facilitators: set[str]
    event_id: int | None = None
    participants: list[str] | None = None


@dataclass
class Received:
    action: str
    payload: dict


@dataclass
class FakeDashboard:
    host: str = "127.0.0.1"
    port: int = 0
    courses: dict[str, Course] = field(default_factory=dict)
    requests: list[Received] = field(default_factory=list)
    unavailable: bool = False  # answer 503
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def add_course(self, slug: str, secret: str, facilitators: list[str]) -> None:
        with self.lock:
            self.courses[slug] = Course(secret, set(facilitators))

    def course(self, slug: str) -> Course:
        with self.lock:
            return self.courses[slug]

    def received(self, slug: str, action: str | None = None) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.payload.get("course_slug") == slug
                    and (action is None or r.action == action)]

    # -- the endpoints ---------------------------------------------------------------------------------------
    def answer(self, action: str, payload: dict) -> tuple[int, dict]:
        with self.lock:
            if self.unavailable:
                return 503, {"error": "maintenance"}
            self.requests.append(Received(action, payload))
            course = self.courses.get(payload.get("course_slug"))
            if course is None:
                return self._error("course_not_found")
            if payload.get("secret") != course.secret:
                return self._error("invalid_secret")
            event_id = payload.get("event_id")
            if action == "confirm_event_sync":
                if course.event_id is not None:
                    return self._error("sync_already_enabled" if course.event_id == event_id else "already_in_use")
                if not course.facilitators & set(payload.get("organizer_usernames") or []):
                    return self._error("not_organizer")
                if not payload.get("dry_run"):
                    course.event_id, course.participants = event_id, []
                return 200, {"success": True}
            if course.event_id != event_id:
                return self._error("sync_not_enabled")
            if action == "update_event_participants":
                course.participants = list(payload.get("participant_usernames") or [])
                return 200, {"success": True}
            if action == "unsync_event":
                course.event_id, course.participants = None, None
                return 200, {"success": True}
            return 404, {"error": "no such endpoint"}

    @staticmethod
    def _error(code: str) -> tuple[int, dict]:
        return STATUS[code], {"error_code": code}

    # -- the server ------------------------------------------------------------------------------------------
    def start(self) -> "FakeDashboard":
        dashboard = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    payload = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    payload = None
                if not self.path.startswith(PREFIX) or not isinstance(payload, dict) \
                        or self.headers.get_content_type() != "application/json":
                    status, body = 400, {"error": "bad request"}
                else:
                    status, body = dashboard.answer(self.path[len(PREFIX):], payload)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._handler = Handler
        self._serve()
        return self

    def _serve(self) -> None:
        self.server = ThreadingHTTPServer((self.host, self.port), self._handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def down(self, refuse: bool = True) -> None:
        """Refuse connections (the port closed), or answer 503."""
        if refuse:
            self.server.shutdown()
            self.server.server_close()
        else:
            self.unavailable = True

    def up(self) -> None:
        if self.unavailable:
            self.unavailable = False
        if not self.thread.is_alive():
            ThreadingHTTPServer.allow_reuse_address = True
            self._serve()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()
