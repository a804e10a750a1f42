"""FlowMusic job ids: validate one; pull every job id out of pasted text, saying why other pieces were refused.

A job id is ``job:<uuid>-user:<id>-<email>-bot:flowmusic``. Pasted text may hold them plainly, percent-encoded
in URLs (even twice), or inside JSON (records, ``POST /music`` responses, lists), with JSON escapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import quote, unquote

from flowmusic_gui.core.translatable import QT_TRANSLATE_NOOP

BOT = "flowmusic"
EXAMPLE = "job:<uuid>-user:<id>-<email>-bot:flowmusic"
MAX_PIECE = 200

_UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
# The ids seen so far carry digits only. Letters are accepted too: refusing a real id would leave the user no
# way to track it, while a wrong one costs a single 404.
_USER_ID = r"[A-Za-z0-9]+"
_LOCAL = r"[A-Za-z0-9._+\-]+"
# Lenient on hyphen placement; linear to match (no nested quantifiers over overlapping classes), which matters
# because a hostile paste can hold very long runs of these characters.
_DOMAIN = r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
_EMAIL = rf"{_LOCAL}@{_DOMAIN}"

_JOBID_RE = re.compile(rf"job:({_UUID})-user:({_USER_ID})-({_EMAIL})-bot:{BOT}")
_UUID_RE = re.compile(_UUID)
_USER_ID_RE = re.compile(_USER_ID)
_LOCAL_RE = re.compile(_LOCAL)
_DOMAIN_LABEL_RE = re.compile(r"[A-Za-z0-9\-]+")
_CLIP_RE = re.compile(rf"user:({_USER_ID})-({_EMAIL})-clip:({_UUID})")

# What ends a piece of pasted text: whitespace, quotes, brackets, list separators and URL delimiters.
_PIECE = r"[^\s\"'`<>()\[\]{},;|\\/?#&=]"
_HEX = "[0-9A-Fa-f]"
# One pass finds, in order: valid ids, then anything else that starts like an id (to say why it is refused).
# Each match starts with one character from a plain set and checks what precedes it only afterwards: a pattern
# that opens with a set lets the regex engine skip other characters fast (3x faster than a leading lookbehind).
# Use the whole match (group 0) and ``lastgroup`` for the kind: the named groups miss that first character.
_SCAN_RE = re.compile(
    rf"[jJuU0-9A-Fa-f](?<![A-Za-z0-9_].)(?:"
    rf"(?<=j)(?P<job>ob:{_UUID}-user:{_USER_ID}-{_EMAIL}-bot:{BOT})(?![A-Za-z0-9_+@\-])"
    rf"|(?<=[jJ])(?P<jobish>(?i:ob):{_PIECE}*)"
    rf"|(?<![:\-].)(?<=[uU])(?P<userish>(?i:ser):{_PIECE}*)"
    rf"|(?<![:\-].)(?P<bare>{_HEX}{{7}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}-(?i:user):{_PIECE}*)"
    ")"
)
# A "job:" piece is worth a word only if it looks meant as an id: "job: done" or "job:pending" is prose.
_IDLIKE_RE = re.compile(r"(?i)[0-9a-f]{8}|-user:|-bot:|@|\.\.\.|…")
_JSON_ESCAPE_RE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|([\"\\/bfnrt]))")
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
# The JSON string a clip id sits in: `"key": "...` right before it.
_JSON_VALUE_BEFORE_RE = re.compile(r'"[A-Za-z_]+"\s*:\s*"[^"\n]*\Z')
_DECODE_ROUNDS = 3


class Reason(NamedTuple):
    """Why a piece is not a job id: a sentence marked for the catalogue (context "JobIds") and its fields.

    The command line shows `text` as it is; the window translates ``template`` and fills in the same fields.
    """

    template: str
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        return self.template.format(**dict(self.fields))


def _reason(template: str, **fields: str) -> Reason:
    return Reason(template, tuple(fields.items()))


@dataclass(frozen=True)
class Rejected:
    """A piece of pasted text that looked like an id but is not a usable job id."""

    piece: str  # the text as found (after URL and JSON decoding), at most MAX_PIECE characters
    reason: str  # in English, as the command line says it
    why: Reason | None = field(default=None, compare=False)  # the same, for the window to translate


@dataclass(frozen=True)
class Extraction:
    ids: tuple[str, ...]  # valid job ids, in order of first appearance, without duplicates
    rejected: tuple[Rejected, ...]  # in order of first appearance, without duplicates


@dataclass(frozen=True)
class JobIdParts:
    uuid: str
    user_id: str
    email: str


def is_jobid(text: str) -> bool:
    return _JOBID_RE.fullmatch(text) is not None


def split_jobid(jobid: str) -> JobIdParts | None:
    m = _JOBID_RE.fullmatch(jobid)
    if m is None:
        return None
    return JobIdParts(uuid=m.group(1), user_id=m.group(2), email=m.group(3))


def clip_email(clip_id: str) -> str | None:
    """The account email a clip id (``user:<id>-<email>-clip:<uuid>``) names, or None when it is not one."""
    m = _CLIP_RE.fullmatch(clip_id)
    return m.group(2) if m else None


def encode_jobid(jobid: str) -> str:
    """The id as one URL path segment: it holds ':' and '@', and an email may hold '+'."""
    return quote(jobid, safe="")


def short_jobid(jobid: str) -> str:
    """A short label for display, e.g. ``job:56ef7890…``."""
    parts = split_jobid(jobid)
    if parts is not None:
        return f"job:{parts.uuid[:8]}…"
    return jobid if len(jobid) <= 16 else jobid[:15] + "…"


def validate_jobid(text: str) -> str | None:
    """None if ``text`` is exactly one valid job id, else a human reason naming what is wrong."""
    if _JOBID_RE.fullmatch(text):
        return None
    return _explain(text).text


def extract_jobids(text: str) -> Extraction:
    """Every job id in ``text``, in order and once each, and the id-like pieces refused with their reasons.

    Clip ids inside a pasted job record (its ``clips``) are part of that record, not a mistake: they are not
    reported. Words that look nothing like an id are not reported either.
    """
    record_clips = _record_clip_ids(text)
    decoded = _decode(text)
    ids: dict[str, None] = {}
    rejects: dict[str, tuple[int, Rejected]] = {}  # piece -> (where first seen, why)
    # Clip ids are decided once every id is known: a record may list its clips before its jobid.
    clips: list[tuple[int, str]] = []
    for m in _SCAN_RE.finditer(decoded):
        kind = m.lastgroup
        if kind == "job":
            ids.setdefault(m.group())  # group 0: see _SCAN_RE
            continue
        piece = _trim(m.group())
        if kind == "jobish":
            if not _IDLIKE_RE.search(piece, 4):
                continue
        elif kind == "userish":
            low = piece.lower()
            if "-clip:" in low:
                piece = _clip_piece(piece)
                if piece not in record_clips:
                    clips.append((m.start(), piece))
                continue
            if "-bot:" not in low:
                continue  # "user:1234" alone is not offered as an id
        if piece not in rejects:
            rejects[piece] = (m.start(), _rejected(piece))
    if clips:
        accounts = {(p.user_id, p.email) for p in map(split_jobid, ids) if p is not None}
        for start, piece in clips:
            if piece not in rejects and not _inside_record(decoded, start, piece, accounts):
                rejects[piece] = (start, _rejected(piece))
    ordered = sorted(rejects.values(), key=lambda item: item[0]) if clips else rejects.values()
    return Extraction(tuple(ids), tuple(r for _, r in ordered))


def _inside_record(decoded: str, start: int, piece: str, accounts: set[tuple[str, str]]) -> bool:
    """A clip id in a JSON string value, from the same account as an extracted job id, belongs to its record.

    The fallback for records pasted among other text, where the whole text is not JSON.
    """
    m = _CLIP_RE.fullmatch(piece)
    if m is None or (m.group(1), m.group(2)) not in accounts:
        return False
    return _JSON_VALUE_BEFORE_RE.search(decoded, max(0, start - 300), start) is not None


def _record_clip_ids(text: str) -> frozenset[str]:
    """Clip-id pieces inside job records when the whole text is JSON (a record, a response, a list)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[\"":
        return frozenset()
    try:
        data: Any = json.loads(stripped)
        if isinstance(data, str):  # a JSON document pasted as a JSON string
            data = json.loads(data)
    except (ValueError, RecursionError):
        return frozenset()
    # One scan over all the records' strings at once: scanning each string apart costs a call per string.
    texts = [s for record in _records(data) for s in _strings(record) if "clip" in s.lower()]
    joined = _decode("\n".join(texts))
    return frozenset(
        _clip_piece(_trim(m.group())) for m in _SCAN_RE.finditer(joined) if m.lastgroup == "userish"
    )


def _clip_piece(piece: str) -> str:
    # A clip id in a media URL runs on into ".m4a": the id is what matters to the user.
    m = _CLIP_RE.match(piece)
    return m.group() if m else piece


def _records(data: Any) -> Iterator[dict[str, Any]]:
    """Objects that carry a ``jobid`` string that starts like one, anywhere in the document (no recursion)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            jobid = node.get("jobid")
            if isinstance(jobid, str) and jobid.lower().startswith("job:"):
                yield node
                continue
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _strings(data: Any) -> Iterator[str]:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _decode(text: str) -> str:
    """Undo percent-encoding and JSON string escapes, a few rounds deep (double-encoded URLs, JSON in JSON).

    Ids hold neither '%' nor '\\', so decoding the whole text never changes a plain id; '+' is left alone
    (``unquote``, not ``unquote_plus``) because emails may hold it.
    """
    for _ in range(_DECODE_ROUNDS):
        before = text
        if "%" in text:
            text = unquote(text)
        if "\\" in text:
            text = _JSON_ESCAPE_RE.sub(_unescape, text)
        if text == before:
            break
    return text


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1)
    if code is not None:
        return chr(int(code, 16))
    return _SIMPLE_ESCAPES[m.group(2)]


def _trim(piece: str) -> str:
    # Sentence punctuation after a pasted id is not part of it.
    return piece.rstrip(".!")


def _cap(piece: str) -> str:
    return piece if len(piece) <= MAX_PIECE else piece[: MAX_PIECE - 1] + "…"


def _rejected(piece: str) -> Rejected:
    why = _explain(piece)
    return Rejected(_cap(piece), why.text, why)


def _show(part: str, limit: int = 40) -> str:
    return repr(part if len(part) <= limit else part[: limit - 1] + "…")


def _explain(text: str) -> Reason:
    """Why ``text`` is not a job id, naming the first part that is wrong."""
    if not text:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "empty: a job id looks like {example}"), example=EXAMPLE)
    if text != text.strip():
        return _reason(QT_TRANSLATE_NOOP("JobIds", "has spaces around it"))
    if re.search(r"\s", text):
        return _reason(QT_TRANSLATE_NOOP("JobIds", "contains spaces"))
    if "..." in text or "…" in text:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "looks shortened ('...'): paste the whole id"))
    low = text.lower()
    if low.startswith("user:") and "-clip:" in low:
        return _reason(
            QT_TRANSLATE_NOOP(
                "JobIds",
                "this is a clip id (user:…-clip:…), not a job id: "
                "a job id starts with 'job:' and ends with '-bot:flowmusic'"
            )
        )
    if not low.startswith("job:"):
        if "-user:" in low and _UUID_RE.match(text):
            return _reason(QT_TRANSLATE_NOOP("JobIds", "missing the 'job:' prefix before the uuid"))
        if low.startswith("user:") and "-bot:" in low:
            return _reason(QT_TRANSLATE_NOOP("JobIds", "missing 'job:<uuid>-' at the start"))
        return _reason(
            QT_TRANSLATE_NOOP("JobIds", "does not start with 'job:' (a job id looks like {example})"),
            example=EXAMPLE,
        )
    if not text.startswith("job:"):
        return _reason(QT_TRANSLATE_NOOP("JobIds", "write the 'job:' prefix in lower case"))
    rest = text[4:]
    if not rest:
        return _reason(
            QT_TRANSLATE_NOOP("JobIds", "nothing after 'job:' (a job id looks like {example})"),
            example=EXAMPLE,
        )
    cut = low.find("-user:", 4)
    head = rest[: cut - 4] if cut >= 0 else rest[:36]
    if not (_UUID_RE.match(rest) and (len(rest) == 36 or rest[36] == "-")):
        return _reason(
            QT_TRANSLATE_NOOP("JobIds", "the uuid after 'job:' should be 8-4-4-4-12 hex digits, got {found}"),
            found=_show(head),
        )
    rest = rest[36:]
    if not rest:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "ends after the uuid: missing '-user:<id>-<email>-bot:flowmusic'"))
    if not rest.startswith("-user:"):
        if rest.lower().startswith("-user:"):
            return _reason(QT_TRANSLATE_NOOP("JobIds", "write '-user:' in lower case"))
        return _reason(
            QT_TRANSLATE_NOOP("JobIds", "missing the '-user:<id>' part after the uuid (found {found})"),
            found=_show(rest[:20]),
        )
    uid, sep, rest = rest[6:].partition("-")
    if not uid:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "missing the user id after 'user:'"))
    if not _USER_ID_RE.fullmatch(uid):
        return _reason(
            QT_TRANSLATE_NOOP("JobIds", "the user id after 'user:' should be digits, got {found}"),
            found=_show(uid),
        )
    if not sep:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "missing the email and '-bot:flowmusic' after the user id"))
    if rest.lower().startswith("bot:"):
        return _reason(QT_TRANSLATE_NOOP("JobIds", "missing the email between the user id and '-bot:'"))
    cut = rest.lower().rfind("-bot:")
    if cut < 0:
        if "-clip:" in rest.lower():
            return _reason(
                QT_TRANSLATE_NOOP("JobIds", "mixes a job id and a clip id: a job id ends with '-bot:flowmusic'"),
            )
        return _reason(QT_TRANSLATE_NOOP("JobIds", "missing the '-bot:flowmusic' ending"))
    email, bot = rest[:cut], rest[cut + 5 :]
    if not email:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "missing the email between the user id and '-bot:'"))
    problem = _email_problem(email)
    if problem:
        return problem
    if rest[cut : cut + 5] != "-bot:":
        return _reason(QT_TRANSLATE_NOOP("JobIds", "write '-bot:' in lower case"))
    if bot.lower() == BOT:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "write the bot name 'flowmusic' in lower case"))
    if not bot:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "missing the bot name after '-bot:' (it should be 'flowmusic')"))
    if bot.lower().startswith(BOT):
        return _reason(
            QT_TRANSLATE_NOOP("JobIds", "unexpected text after '-bot:flowmusic': {extra}"),
            extra=_show(bot[len(BOT) :]),
        )
    if re.fullmatch(r"[A-Za-z0-9_]+", bot):
        return _reason(
            QT_TRANSLATE_NOOP(
                "JobIds",
                "a job id for the '{bot}' bot, not FlowMusic: this app tracks ids ending "
                "in '-bot:flowmusic'",
            ),
            bot=bot,
        )
    return _reason(QT_TRANSLATE_NOOP("JobIds", "the bot name should be 'flowmusic', got {found}"), found=_show(bot))


def _email_problem(email: str) -> Reason | None:
    if "@" not in email:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "missing the email: {email} has no '@'"), email=_show(email))
    local, _, domain = email.partition("@")
    if "@" in domain:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "the email {email} has more than one '@'"), email=_show(email))
    if not local:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "the email {email} has nothing before '@'"), email=_show(email))
    if not _LOCAL_RE.fullmatch(local):
        bad = "".join(sorted({c for c in local if not _LOCAL_RE.fullmatch(c)}))
        return _reason(
            QT_TRANSLATE_NOOP("JobIds", "the email {email} holds characters not allowed before '@': {bad}"),
            email=_show(email),
            bad=_show(bad),
        )
    if not domain:
        return _reason(QT_TRANSLATE_NOOP("JobIds", "the email {email} has nothing after '@'"), email=_show(email))
    labels = domain.split(".")
    if any(not label for label in labels):
        return _reason(
            QT_TRANSLATE_NOOP(
                "JobIds",
                "the email's domain {domain} has an empty part (a leading, trailing or "
                "doubled '.')",
            ),
            domain=_show(domain),
        )
    bad_labels = [label for label in labels if not _DOMAIN_LABEL_RE.fullmatch(label)]
    if bad_labels:
        bad = "".join(sorted({c for c in "".join(bad_labels) if not _DOMAIN_LABEL_RE.fullmatch(c)}))
        return _reason(
            QT_TRANSLATE_NOOP("JobIds", "the email's domain {domain} holds characters not allowed: {bad}"),
            domain=_show(domain),
            bad=_show(bad),
        )
    return None
