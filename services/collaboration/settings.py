"""The collaboration service's settings (EVENTCENTER_*)."""
from pydantic import Field, SecretStr

from eventcenter.services.kernel.settings import ServiceSettings


class CollaborationSettings(ServiceSettings):
    database_url: str = "postgresql+asyncpg://collaboration:collaboration@127.0.0.1:5432/eventcenter"
    database_schema: str = "collaboration"
    grpc_address: str = "127.0.0.1:50052"
    # Signs list page tokens so that forged ones are refused.
    page_token_secret: SecretStr = Field(min_length=32)
    consumer_name: str = "collaboration-list"
    wikidata_sparql_url: str = "https://query.wikidata.org/sparql"
    wikidata_api_url: str = "https://www.wikidata.org/w/api.php"
    # Wikimedia asks clients to say who they are and how to reach the operator.
    user_agent: str = "EventCenter/0.1 (https://github.com/eventcenter; operators@example.org) httpx"
