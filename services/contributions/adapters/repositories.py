"""A SQL adapter module as a repository of one transaction: its functions, with the transaction's session given
first. The in-memory repositories of tests offer the same functions without the session."""
import functools
from types import ModuleType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


class SessionBound:
    def __init__(self, module: ModuleType, session: AsyncSession) -> None:
        self._module, self._session = module, session

    def __getattr__(self, name: str) -> Any:
        return functools.partial(getattr(self._module, name), self._session)
