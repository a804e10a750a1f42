"""The making calls of the FlowMusic API: `POST /music`, `POST /music/edit`, `POST /music/lyrics`, `POST /files`.

A submission's POST is answered with one of core/submissions.py's answers, and the line between them is the
one that matters for never making a song twice: a request whose body never reached the server (no
connection, a refused or failed TLS handshake) made no job and is a ``NoJob``; a timeout, a dropped connection
or a 5xx *after* the body was sent is an ``AnswerLost``: the job may exist. Never raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import requests
import urllib3.exceptions

from flowmusic_gui.core.client.outcomes import redact
from flowmusic_gui.core.client.parsing import body_retry_after, error_detail, parse_retry_after, with_detail
from flowmusic_gui.core.client.transport import (
    UNSENDABLE_TOKEN,
    Deadline,
    Reply,
    network_reason,
    read_reply,
    seconds,
    sendable,
)
from flowmusic_gui.core.submissions import AnswerLost, Created, NoJob, Refused, SubmitAnswer

if TYPE_CHECKING:
    from flowmusic_gui.core.client.api_client import ApiClient

__all__ = ["LyricsWritten", "Uploaded", "post_submission", "upload_file", "write_lyrics"]

#: The field a 400 names: its error text starts with the field ("prompt: ...", "extend_s must ...").
_FIELD_RE = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*(?::|\s+(?:must|is|required|not))")


@dataclass(frozen=True)
class LyricsWritten:
    """`POST /music/lyrics` answered: the lyrics as text for the user to edit (the answer's shape is not
    documented: a ``lyrics`` text, else every text field in it, else the body itself)."""

    text: str


@dataclass(frozen=True)
class Uploaded:
    """`POST /files` answered with an asset id."""

    asset_id: str


def _not_sent(exc: BaseException) -> bool:
    """True when the request certainly never reached the server (so no job can have been made)."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return True
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema):
        return True
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, urllib3.exceptions.NewConnectionError | urllib3.exceptions.NameResolutionError):
            return True
        if isinstance(item, ConnectionRefusedError):
            return True
        for nxt in (item.__cause__, item.__context__, getattr(item, "reason", None), *getattr(item, "args", ())):
            if isinstance(nxt, BaseException):
                stack.append(nxt)
    return False


def _field_named(text: str) -> str | None:
    m = _FIELD_RE.match(text)
    return m.group(1) if m else None


# The slowest upload a POST's deadline allows for: a body of n bytes gets n / this many seconds on top of the API
# call's own deadline (a 20 MB reference file over a 64 KB/s uplink: about five and a half minutes).
UPLOAD_FLOOR_BYTES_PER_S = 64 * 1024


class PastDeadline(Exception):
    """A POST whose answer did not come whole within its total deadline: the connection was cut."""


def post_deadline_s(client: ApiClient, body_bytes: int) -> float:
    """The total deadline of one POST: the API call's own, plus the time its body may take to go up."""
    return client._http.deadline_s + body_bytes / UPLOAD_FLOOR_BYTES_PER_S


def _post(
    client: ApiClient, path: str, *, json_body: Mapping[str, Any] | None = None, data: bytes | None = None,
    content_type: str | None = None, params: dict[str, str] | None = None,
) -> tuple[Reply | None, BaseException | None, str | None]:  # fmt: skip
    """(the reply, or the exception that stopped it, and the token used).

    Like every API call, a POST has a total deadline (sending the body, the headers and the answer together), so a
    server that takes the body and then trickles or withholds its answer cannot hold the caller: past it the
    connection is cut and the exception is a ``PastDeadline`` that says so. Whether the request was made is then
    unknown, which the callers already treat as "the answer was lost".
    """
    token = client._current_token()
    url = client.base_url + path
    http = client._http
    headers = {"Content-Type": content_type} if content_type else None
    allowed = post_deadline_s(client, len(data) if data is not None else 0)
    deadline = Deadline(allowed)
    reply: Reply | None = None
    error: BaseException | None = None
    try:
        with deadline, http.session().post(
            url, json=dict(json_body) if json_body is not None else None, data=data, params=params,
            headers=headers, auth=http.auth(token), timeout=http.timeout, allow_redirects=False, stream=True,
        ) as response:  # fmt: skip
            reply = read_reply(response, url)
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"; the caller classifies it
        error = exc
    if deadline.expired:  # whatever the cut connection looked like from inside, this is why
        return None, PastDeadline(f"no complete answer from {http.host} within {seconds(allowed)}"), token
    return reply, error, token


def _say(text: str, token: str | None) -> str:
    return redact(text, token)


def post_submission(client: ApiClient, kind: str, body: Mapping[str, Any]) -> SubmitAnswer:
    """POST a song (``kind`` "music") or an edit ("edit") in async mode; the answer as the queue needs it."""
    token = client._current_token()
    if not token:
        return NoJob("auth", "no API token is set")
    if not sendable(token):
        return NoJob("auth", UNSENDABLE_TOKEN)
    path = "/music/edit" if kind == "edit" else "/music"
    reply, exc, token = _post(client, path, json_body=body)
    if reply is None:
        reason = network_reason(exc) if exc is not None else "no answer"
        if exc is not None and _not_sent(exc):
            return NoJob("network", _say(f"could not reach the API ({reason}); nothing was sent", token))
        return AnswerLost(_say(f"the answer was lost ({reason}): the song may have been made", token))
    return _say_answer(_classify(reply), token)


def _say_answer(answer: SubmitAnswer, token: str | None) -> SubmitAnswer:
    if isinstance(answer, NoJob):
        return NoJob(answer.reason, _say(answer.message, token), answer.retry_after)
    if isinstance(answer, Refused):
        return Refused(answer.status, _say(answer.message, token), answer.field)
    if isinstance(answer, AnswerLost):
        return AnswerLost(_say(answer.message, token))
    return answer


def _classify(reply: Reply) -> SubmitAnswer:
    status = reply.status
    detail = error_detail(reply.body)
    if 200 <= status < 300:
        try:
            obj = json.loads(reply.body)
        except (ValueError, RecursionError):
            obj = None
        jobid = obj.get("jobid") if isinstance(obj, dict) else None
        if isinstance(obj, dict) and isinstance(jobid, str) and jobid:
            email = obj.get("email")
            return Created(jobid, email if isinstance(email, str) else None, obj)
        return AnswerLost(f"the API answered {status} without a jobid: the song may have been made")
    if status == 429:
        header = reply.headers.get("Retry-After")
        if header is None or not header.strip():
            header = body_retry_after(reply.body)
        wait = parse_retry_after(header)
        return NoJob("busy", with_detail("no free slot (429)", detail), wait)
    if status == 402:
        return NoJob("credits", with_detail("not enough credits (402)", detail))
    if status == 596:
        return NoJob("account", with_detail("the account is in an error state (596)", detail))
    if status == 401:
        return NoJob("auth", with_detail("the API token was not accepted (401)", detail))
    if status == 400:
        return Refused(400, with_detail("refused (400)", detail), _field_named(detail))
    if status == 422:
        return Refused(422, with_detail("refused by moderation (422)", detail))
    if status in (403, 404, 409, 413):
        return Refused(status, with_detail(f"refused ({status})", detail))
    return AnswerLost(with_detail(f"server error {status}: the song may have been made", detail))


def _problem_text(reply: Reply | None, exc: BaseException | None) -> str:
    if reply is None:
        return f"could not reach the API ({network_reason(exc) if exc else 'no answer'})"
    return with_detail(f"the API answered {reply.status}", error_detail(reply.body))


def write_lyrics(
    client: ApiClient, prompt: str, *, structure: str | None = None, email: str | None = None
) -> LyricsWritten | str:
    """`POST /music/lyrics` (free): the lyrics written, or a sentence saying why not. Never raises."""
    body: dict[str, Any] = {"prompt": prompt}
    if structure:
        body["structure"] = structure
    if email:
        body["email"] = email
    reply, exc, token = _post(client, "/music/lyrics", json_body=body)
    if reply is None or not 200 <= reply.status < 300:
        return _say(_problem_text(reply, exc), token)
    try:
        obj = json.loads(reply.body)
    except (ValueError, RecursionError):
        obj = None
    text = _lyrics_text(obj) if obj is not None else reply.body.decode("utf-8", errors="replace")
    return LyricsWritten(text.strip())


def _lyrics_text(obj: Any) -> str:
    if isinstance(obj, str):
        return obj
    if isinstance(obj, dict):
        for key in ("lyrics", "text", "content"):
            if isinstance(obj.get(key), str):
                return str(obj[key])
        texts = [v for v in obj.values() if isinstance(v, str)]
        if texts:
            return "\n\n".join(texts)
        for value in obj.values():
            found = _lyrics_text(value)
            if found:
                return found
        return ""
    if isinstance(obj, list):
        return "\n\n".join(t for t in (_lyrics_text(v) for v in obj) if t)
    return ""


def upload_file(client: ApiClient, data: bytes, content_type: str, *, email: str | None = None) -> Uploaded | str:
    """`POST /files?email=`: upload an image or audio file; the asset id, or a sentence saying why not."""
    params = {"email": email} if email else None
    reply, exc, token = _post(client, "/files", data=data, content_type=content_type, params=params)
    if reply is None or not 200 <= reply.status < 300:
        return _say(_problem_text(reply, exc), token)
    try:
        obj = json.loads(reply.body)
    except (ValueError, RecursionError):
        obj = None
    if isinstance(obj, dict):
        for key in ("assetId", "asset", "id", "fileId"):
            if isinstance(obj.get(key), str) and obj[key]:
                return Uploaded(obj[key])
    if isinstance(obj, str) and obj:
        return Uploaded(obj)
    return "the API answered without an asset id"
