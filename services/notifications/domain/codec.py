"""Messages are stored as JSON and rendered when sent, in each recipient's language: dates keep their
timezone through the trip."""
import datetime
import json

from eventcenter.services.notifications.domain.message_model import Line, Message

_DATETIME = "$datetime"


def _plain(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _revived(value: object) -> object:
    if isinstance(value, dict) and _DATETIME in value:
        return datetime.datetime.fromisoformat(value[_DATETIME])
    if isinstance(value, list):
        return [_revived(v) for v in value]
    return value


def _line(line: Line) -> dict:
    return {"key": line.key, "params": {k: _plain(v) for k, v in line.params.items()}, "link": line.link}


def _unline(data: dict) -> Line:
    return Line(data["key"], {k: _revived(v) for k, v in data["params"].items()}, data.get("link", ""))


def dumps(message: Message) -> str:
    return json.dumps({"subject": _line(message.subject), "lines": [_line(line) for line in message.lines]},
                      ensure_ascii=False)


def loads(text: str | dict) -> Message:
    data = json.loads(text) if isinstance(text, str) else text
    return Message(_unline(data["subject"]), [_unline(line) for line in data["lines"]])
