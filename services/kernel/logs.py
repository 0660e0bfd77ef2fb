"""Structured JSON logs; a request id bound in contextvars follows each call."""
import logging
import sys
import uuid

import structlog

REQUEST_ID_HEADER = "x-request-id"


def configure_logging(level: str = "info") -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level.upper())
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its per-step chatter is not news
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )


def new_request_id() -> str:
    return uuid.uuid4().hex


def bind_request(request_id: str, **values: object) -> None:
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id, **values)


def bind(**values: object) -> None:
    structlog.contextvars.bind_contextvars(**values)


def current_request_id() -> str | None:
    return structlog.contextvars.get_contextvars().get("request_id")


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
