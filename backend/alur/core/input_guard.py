"""Text the database cannot store is refused before any handler sees it.

PostgreSQL refuses a NUL character in text and asyncpg cannot encode a lone surrogate (what a
JSON "\\ud800" escape or a byte that is not UTF-8 becomes); left alone either fails deep in a
query as a 500. One `before_request` hook checks every string of a JSON body (keys too), every
query and path parameter, and the file names of a multipart form, and answers 422 naming the
field. JSON nested deeper than any document of ours is refused (400) before a decoder recurses
into it.
"""

from __future__ import annotations

import json
import operator
import re
from itertools import accumulate, count
from pathlib import PurePath
from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg

from alur.core.errors import DomainError, ValidationError

MAX_JSON_DEPTH = 64
"""Levels of nesting a JSON body may have. The deepest document the app takes (an SOP with
steps, their branches and notes) needs under ten; msgspec and the json module recurse per
level and fail near a thousand, so anything deeper is refused before either decodes it."""

NUL_MESSAGE = "Teks tidak boleh berisi karakter NUL"
INVALID_TEXT_MESSAGE = "Teks berisi karakter yang tidak sah (bukan UTF-8 yang benar)"
BODY_FIELD = "body"
"""The field named when the JSON body is itself one bad string."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_SUSPECT_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
_ESCAPED = re.compile(rb"\\.", re.DOTALL)
_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEPS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")
_OPENING = b"\x02"


def text_problem(text: str) -> str | None:
    """Why the database would refuse `text`, in words for the user, or None."""
    if "\x00" in text:
        return NUL_MESSAGE
    if not text.isascii() and _SURROGATE.search(text):
        return INVALID_TEXT_MESSAGE
    return None


def _printable(name: str) -> str:
    """A field name fit for the answer's JSON (which cannot carry a lone surrogate)."""
    return _SURROGATE.sub("\ufffd", name.replace("\x00", "\ufffd"))


def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a decoder reading the JSON text would go more than `limit` levels deep.

    Linear and recursion-free on any input, valid JSON or not: escapes and then strings are
    cut out (their brackets are text), the rest becomes one step per bracket (+1 opening,
    -1 closing) and the running sum is the depth; all of it in C, about 0.5 s for a body of
    six million brackets. On invalid JSON the decoder stops at the first error, so the sum
    still bounds how deep it can get.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    unquoted = _STRING.sub(b"", _ESCAPED.sub(b"", body))
    steps = unquoted.translate(_BRACKET_STEPS, _NOT_BRACKETS)  # 2 opening, 0 closing
    if _OPENING * (limit + 1) in steps:
        return True  # the common attack, "[[[[...", without summing
    # After k brackets the depth is (sum of their steps) - k.
    return max(map(operator.sub, accumulate(steps), count(1)), default=0) > limit


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def find_bad_text(document: object) -> tuple[str, str] | None:
    """(field path, problem) of the first key or string, in document order, the database
    would refuse; paths read like `steps[2].activity`. Iterative: no depth of nesting can
    exhaust the stack."""
    # (path, value, is_key); children are pushed in reverse so they pop in document order.
    stack: list[tuple[str, object, bool]] = [("", document, False)]
    while stack:
        path, value, is_key = stack.pop()
        if isinstance(value, str):
            problem = text_problem(value)
            if problem is not None:
                return (_printable(path) or BODY_FIELD), problem
        elif isinstance(value, dict) and not is_key:
            children: list[tuple[str, object, bool]] = []
            for key, child in value.items():
                child_path = _join(path, str(key))
                children.append((child_path, key, True))
                children.append((child_path, child, False))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{path}[{i}]", c, False) for i, c in enumerate(value)]))
    return None


def _may_hold_bad_text(body: bytes) -> bool:
    """Cheap first look: NUL and lone surrogates arrive only as \\u escapes or as bytes that
    are not UTF-8, so most bodies need no second decode."""
    if _SUSPECT_ESCAPE.search(body):
        return True
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def check_json_body(body: bytes) -> None:
    """Raises the 400 or 422 a JSON body earns; invalid JSON is left to the decoder's 400."""
    if json_too_deep(body):
        raise DomainError(f"JSON terlalu dalam (lebih dari {MAX_JSON_DEPTH} tingkat)")
    if not _may_hold_bad_text(body):
        return
    try:
        # The json module keeps lone surrogates (msgspec refuses them without saying where),
        # and surrogateescape turns bytes that are not UTF-8 into lone surrogates.
        document = json.loads(body.decode("utf-8", errors="surrogateescape"))
    except ValueError:
        return
    found = find_bad_text(document)
    if found is not None:
        raise ValidationError(found[1], field=found[0])


def _body_kind(request: Request[Any, Any, Any]) -> str | None:
    """Which body this route decodes ("json", "multipart"), if it is one to check here.

    Litestar decodes a route's `data` as its declared kind whatever the Content-Type says, so
    the route decides; a route without `data` that gets JSON reads it itself (the catalogue
    import). Routes allowed a bigger body than the app's (document uploads) stream it to
    storage as an opaque file and are not read here.
    """
    data = request.route_handler.parsed_data_field
    if data is not None:
        kwarg = data.kwarg_definition
        declared = kwarg.media_type if isinstance(kwarg, BodyKwarg) else RequestEncodingType.JSON
        if declared == RequestEncodingType.JSON:
            return "json"
        return "multipart" if declared == RequestEncodingType.MULTI_PART else None
    media = request.content_type[0]
    if media != RequestEncodingType.JSON and not media.endswith("+json"):
        return None
    limit = request.route_handler.resolve_request_max_body_size()
    app_limit = request.app.request_max_body_size
    if limit is None or (isinstance(app_limit, int) and limit > app_limit):
        return None
    return "json"


async def check_request(request: Request[Any, Any, Any]) -> None:
    """The app's `before_request` hook (after guards, before the body is decoded)."""
    for name, value in request.query_params.multi_items():
        for text in (name, value):
            if (problem := text_problem(text)) is not None:
                raise ValidationError(problem, field=_printable(name))
    for name, value in request.path_params.items():
        # `{x:path}` parameters arrive as PurePath: checked as the text they came from.
        text = str(value) if isinstance(value, (str, PurePath)) else None
        if text is not None and (problem := text_problem(text)) is not None:
            raise ValidationError(problem, field=name)
    kind = _body_kind(request)
    if kind == "json":
        body = await request.body()  # kept by Litestar for the handler
        if body:
            check_json_body(body)
    elif kind == "multipart" and request.content_type[0] == RequestEncodingType.MULTI_PART:
        form = await request.form()  # kept by Litestar for the handler
        for name, value in form.multi_items():
            if not isinstance(value, UploadFile) or not value.filename:
                continue
            if (problem := text_problem(value.filename)) is not None:
                raise ValidationError(problem, field=f"{_printable(name)}.filename")
