"""Invitation lists: an organizer's worklist of articles turned into a ranked list of editors to invite.

POST /invitation_lists queues a list (the invitations service reads the wikis in the background); GET one shows
how far it got and, once ready, its editors; GET /invitation_lists pages through the caller's own lists.

Worklist titles are "Title" (on the default wiki) or "wikiid:Title"; see `worklist_article` and COMPATIBILITY.md."""
import datetime
import re

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from eventcenter.invitations.v1 import invitations_service_pb2 as iapi
from eventcenter.services.gateway.context import CallContext, Context
from eventcenter.services.gateway.formatting import mw_timestamp
from eventcenter.services.gateway.rest.csrf import check_csrf

router = APIRouter(tags=["invitation lists"])
# A Wikimedia wiki id (database name): lower case, ending in the project family ("enwiki", "frwiktionary",
# "commonswiki", "dewikimedia"). Namespaces are not written so ("Talk:", "Wikipedia:"), except MediaWiki's
# own namespace in lower case, which is never taken for a wiki.
WIKI_ID = re.compile(r"^[a-z][a-z0-9_]*(wiki|wiktionary|wikibooks|wikinews|wikiquote|wikisource|wikiversity"
                     r"|wikivoyage|wikimedia)$")
NOT_WIKIS = frozenset({"mediawiki"})
STATUSES = {iapi.INVITATION_LIST_STATE_READY: "ready", iapi.INVITATION_LIST_STATE_FAILED: "failed"}
GROUPS = {iapi.RECOMMENDATION_HIGHLY_RECOMMENDED: "highly_recommended",
          iapi.RECOMMENDATION_RECOMMENDED: "recommended"}
MAX_ARTICLES_SENT = 1000  # the service allows 300 and says so; beyond this the body is refused outright


class ArticleBody(BaseModel):
    wiki: str | None = Field(default=None, max_length=64)
    title: str = Field(max_length=600)


class InvitationListBody(BaseModel):
    name: str = Field(max_length=1000)
    event_id: int | None = Field(default=None, ge=0)
    # "Title", "wikiid:Title", or {"wiki": "wikiid", "title": "Title"}.
    articles: list[str | ArticleBody] = Field(default_factory=list, max_length=MAX_ARTICLES_SENT)
    from_past_participants: bool = False
    # The wiki of titles that name none; the gateway's default wiki when absent.
    wiki: str | None = Field(default=None, max_length=64)
    # Sending a create again with the same request_id returns the list made the first time.
    request_id: str | None = Field(default=None, max_length=100)
    token: str | None = None


def worklist_article(text: str, default_wiki: str) -> iapi.WorklistArticle:
    """ "enwiki:Solar System" is Solar System on enwiki; "Talk:Solar System" and "Solar System" are on the
    default wiki (the service then says which are not articles, or do not exist)."""
    text = text.strip()
    prefix, colon, rest = text.partition(":")
    if colon and WIKI_ID.match(prefix) and prefix not in NOT_WIKIS:
        return iapi.WorklistArticle(wiki=prefix, title=rest.strip())
    return iapi.WorklistArticle(wiki=default_wiki, title=text)


def worklist(items: list, default_wiki: str) -> list[iapi.WorklistArticle]:
    """One article per item, in order, so the service's `articles[i]` names the caller's item i."""
    articles = []
    for item in items:
        if isinstance(item, str):
            articles.append(worklist_article(item, default_wiki))
        else:
            articles.append(iapi.WorklistArticle(wiki=(item.wiki or default_wiki).strip(), title=item.title.strip()))
    return articles


def status_of(found: iapi.InvitationList) -> str:
    return STATUSES.get(found.state, "pending")


def group_of(editor: iapi.InvitedEditor) -> str:
    return GROUPS.get(editor.recommendation, "other")


def _moment(stamp, present: bool) -> str | None:
    return mw_timestamp(stamp.ToDatetime(tzinfo=datetime.UTC)) if present else None


def list_json(found: iapi.InvitationList, editors: bool = False) -> dict:
    body = {
        "id": found.id, "name": found.name, "status": status_of(found),
        "progress": {"read": found.articles_read, "total": found.articles_total},
        "event_id": found.event_id or None, "from_past_participants": found.from_past_participants,
        "articles": [{"wiki": a.wiki, "title": a.title} for a in found.articles],
        "created": _moment(found.create_time, found.HasField("create_time")),
        "ready": _moment(found.ready_time, found.HasField("ready_time")),
        "failure": found.failure or None,
    }
    if editors:
        body["editors"] = [{"username": e.user_name, "score": e.score, "group": group_of(e),
                            "user_page": e.user_page_url} for e in found.editors]
    return body


def create_request(body: InvitationListBody, default_wiki: str) -> iapi.CreateInvitationListRequest:
    return iapi.CreateInvitationListRequest(
        name=body.name, event_id=body.event_id or 0,
        articles=worklist(body.articles, (body.wiki or "").strip() or default_wiki),
        from_past_participants=body.from_past_participants, request_id=body.request_id or "")


@router.post("/invitation_lists", status_code=201)
async def create_invitation_list(body: InvitationListBody, request: Request, response: Response,
                                 ctx: CallContext = Context) -> dict:
    """Queues the list and answers at once (status "pending"); follow `Location` until it is "ready"."""
    check_csrf(request, body.token, ctx.language)
    created = await ctx.invitations.CreateInvitationList(create_request(body, request.app.state.settings.default_wiki))
    response.headers["location"] = str(request.url_for("get_invitation_list", list_id=created.id))
    return list_json(created)


@router.get("/invitation_lists")
async def list_invitation_lists(limit: int = Query(default=20, ge=1, le=100),
                                page_token: str = Query(default="", max_length=2000),
                                ctx: CallContext = Context) -> dict:
    """The caller's lists, newest first, without their editors; follow `next_page_token` for older ones."""
    found = await ctx.invitations.ListInvitationLists(iapi.ListInvitationListsRequest(
        page_size=limit, page_token=page_token))
    return {"invitation_lists": [list_json(found_list) for found_list in found.lists],
            "next_page_token": found.next_page_token or None}


@router.get("/invitation_lists/{list_id}", name="get_invitation_list")
async def get_invitation_list(list_id: int, ctx: CallContext = Context) -> dict:
    """One of the caller's lists; `editors` (best first) is empty until the list is ready."""
    found = await ctx.invitations.GetInvitationList(iapi.GetInvitationListRequest(list_id=list_id))
    return list_json(found, editors=True)
