"""A small, real OAuth 2.0 provider shaped like MediaWiki's Extension:OAuth, for sign-in tests.

Authorization code + PKCE (S256 only), bearer tokens and /oauth2/resource/profile, all under .../w/rest.php,
built on authlib's server side and served by uvicorn inside the running event loop."""
import asyncio
import contextlib
import json
import secrets
import socket
from dataclasses import dataclass
from urllib.parse import parse_qsl

import uvicorn
from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientMixin,
    InvalidRequestError,
    JsonPayload,
    JsonRequest,
    OAuth2Error,
    OAuth2Payload,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

PREFIX = "/w/rest.php"
EXPIRES_IN = 14400  # what MediaWiki announces for its access tokens


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uri: str

    def get_client_id(self): return self.client_id
    def get_default_redirect_uri(self): return self.redirect_uri
    def get_allowed_scope(self, scope): return scope or "basic"  # MediaWiki's grant when none is asked for
    def check_redirect_uri(self, redirect_uri): return redirect_uri == self.redirect_uri
    def check_client_secret(self, secret): return secrets.compare_digest(secret.encode(), self.client_secret.encode())
    def check_response_type(self, response_type): return response_type == "code"
    def check_grant_type(self, grant_type): return grant_type == "authorization_code"  # so no refresh_token

    def check_endpoint_auth_method(self, method, endpoint):
        # Like MediaWiki, a consumer without a secret is a public (non-confidential) client.
        return method == "none" if not self.client_secret else method != "none"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    profile: dict
    code_challenge: str
    code_challenge_method: str

    def get_redirect_uri(self): return self.redirect_uri
    def get_scope(self): return self.scope


class Payload(OAuth2Payload, JsonPayload):
    def __init__(self, data: dict, datalist: dict[str, list]):
        self._data, self._datalist = data, datalist

    @property
    def data(self): return self._data

    @property
    def datalist(self): return self._datalist


class FormRequest(OAuth2Request):
    def __init__(self, method, uri, headers, payload: Payload, form: dict):
        super().__init__(method, uri, headers=headers)
        self.payload, self._form = payload, form

    @property
    def form(self): return self._form  # the grants read code, code_verifier... from here


@dataclass
class ReadRequest:
    """A Starlette request whose body was awaited already: authlib's server code is synchronous."""
    method: str
    url: str
    headers: Headers
    query: list[tuple[str, str]]
    body: bytes


class StarletteAuthorizationServer(AuthorizationServer):
    """What authlib's Flask/Django integrations do, for Starlette; query_client/save_token are plain callables."""

    def __init__(self, query_client, save_token):
        super().__init__()
        self.query_client, self.save_token = query_client, save_token

    @staticmethod
    async def read(request: Request) -> ReadRequest:
        return ReadRequest(request.method, str(request.url), request.headers,
                           list(request.query_params.multi_items()), await request.body())

    def create_oauth2_request(self, request: ReadRequest) -> OAuth2Request:
        form = parse_qsl(request.body.decode()) if request.method == "POST" else []
        datalist: dict[str, list] = {}
        for key, value in request.query + form:
            datalist.setdefault(key, []).append(value)
        return FormRequest(request.method, request.url, request.headers,
                           Payload(dict(request.query + form), datalist), dict(form))

    def create_json_request(self, request: ReadRequest) -> JsonRequest:
        json_request = JsonRequest(request.method, request.url, request.headers)
        json_request.payload = Payload(json.loads(request.body or b"{}"), {})
        return json_request

    def handle_response(self, status_code, payload, headers):
        body = json.dumps(payload) if isinstance(payload, dict) else payload
        return Response(body, status_code=status_code, headers=dict(headers))

    def send_signal(self, name, *args, **kwargs):
        pass  # the grants call this (e.g. after_authenticate_client); nothing here listens


class LocalOAuthProvider:
    """A MediaWiki-like OAuth 2.0 provider: authorization code + PKCE (S256 required), profile endpoint."""

    def __init__(self, client_id: str, client_secret: str, redirect_uri: str) -> None:
        self.clients = {client_id: Client(client_id, client_secret, redirect_uri)}
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, dict] = {}  # access token -> profile
        self.token_requests: list[dict] = []
        self.profile: dict | None = None
        self.server = self._authorization_server()
        self._uvicorn: uvicorn.Server | None = None
        self._task: asyncio.Task | None = None

    def sign_in_as(self, profile: dict) -> None:
        """The MediaWiki profile the next authorization is granted for."""
        self.profile = dict(profile)

    def _authorization_server(self) -> StarletteAuthorizationServer:
        provider = self

        class Grant(AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

            def validate_authorization_request(self):
                redirect_uri = super().validate_authorization_request()  # unknown client / redirect_uri first
                data = self.request.payload.data
                # authlib's CodeChallenge lets a request without one through; MediaWiki-style 400 instead.
                if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
                    raise InvalidRequestError("PKCE with code_challenge_method=S256 is required.")
                return redirect_uri

            def save_authorization_code(self, code, request):
                data = request.payload.data
                provider.codes[code] = Code(code, request.client.client_id, data.get("redirect_uri"), request.scope,
                                            request.user, data["code_challenge"], data["code_challenge_method"])

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):  # single use
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.profile

        def save_token(token, request):
            self.tokens[token["access_token"]] = request.user

        server = StarletteAuthorizationServer(self.clients.get, save_token)
        server.register_token_generator("default", BearerTokenGenerator(lambda **_: secrets.token_urlsafe(32),
                                                                        expires_generator=EXPIRES_IN))
        server.register_grant(Grant, [CodeChallenge(required=True)])
        return server

    async def _authorize(self, request: Request) -> Response:
        oauth2_request = self.server.create_oauth2_request(await self.server.read(request))
        try:
            grant = self.server.get_authorization_grant(oauth2_request)
        except OAuth2Error as error:  # a response_type other than code
            error.state = oauth2_request.payload.state
            return self.server.handle_error_response(oauth2_request, error)
        # No login screen: the profile sign_in_as named approves at once (none yet: access_denied).
        return self.server.create_authorization_response(oauth2_request, self.profile, grant)

    async def _access_token(self, request: Request) -> Response:
        read = await self.server.read(request)
        self.token_requests.append(dict(parse_qsl(read.body.decode())))
        return self.server.create_token_response(read)

    async def _profile(self, request: Request) -> Response:
        kind, _, token = request.headers.get("authorization", "").partition(" ")
        profile = self.tokens.get(token) if kind.lower() == "bearer" else None
        if profile is None:
            return JSONResponse({"error": "invalid_token", "error_description": "Missing or unknown access token."},
                                status_code=401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return JSONResponse(profile)

    async def start(self) -> str:
        app = Starlette(routes=[Route(f"{PREFIX}/oauth2/authorize", self._authorize),
                                Route(f"{PREFIX}/oauth2/access_token", self._access_token, methods=["POST"]),
                                Route(f"{PREFIX}/oauth2/resource/profile", self._profile)])
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))  # a free port, known before serving, no race
        self._uvicorn = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, lifespan="off"))
        self._uvicorn.capture_signals = contextlib.nullcontext  # the test runner owns Ctrl-C
        self._task = asyncio.create_task(self._uvicorn.serve(sockets=[sock]))
        while not self._uvicorn.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        return f"http://127.0.0.1:{sock.getsockname()[1]}{PREFIX}"

    async def stop(self) -> None:
        if self._uvicorn is not None and self._task is not None:
            self._uvicorn.should_exit = True
            await self._task
