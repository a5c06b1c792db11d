"""The input guard's pieces on their own: the walker names the first string the database
would refuse by its path, keys included, at any depth without recursing; the depth check is
exact at the limit, ignores brackets inside strings and stays linear on hostile input."""

from __future__ import annotations

import json
import time

import pytest

from alur.core.errors import DomainError, ValidationError
from alur.core.input_guard import (
    BODY_FIELD,
    INVALID_TEXT_MESSAGE,
    MAX_JSON_DEPTH,
    NUL_MESSAGE,
    check_json_body,
    find_bad_text,
    json_too_deep,
    text_problem,
)


def test_text_problem_names_nul_and_lone_surrogates_only() -> None:
    assert text_problem("Surat undangan rapat") is None
    assert text_problem("Rapat koordinasi \U0001f44d é ñ 漢字") is None
    assert text_problem("a\x00b") == NUL_MESSAGE
    assert text_problem("a\ud800") == INVALID_TEXT_MESSAGE
    assert text_problem("\udfff") == INVALID_TEXT_MESSAGE


def test_the_walker_names_fields_by_their_path() -> None:
    document = {
        "title": "SOP",
        "steps": [
            {"activity": "baik"},
            {"activity": "baik", "notes": ["a", "b"]},
            {"activity": "bu\x00ruk"},
        ],
    }
    assert find_bad_text(document) == ("steps[2].activity", NUL_MESSAGE)
    assert find_bad_text({"a": {"b": [1, 2.5, None, True, "x\ud800"]}}) == (
        "a.b[4]",
        INVALID_TEXT_MESSAGE,
    )
    assert find_bad_text(["ok", ["ok", "\x00"]]) == ("[1][1]", NUL_MESSAGE)
    assert find_bad_text("\x00") == (BODY_FIELD, NUL_MESSAGE)
    assert find_bad_text({"steps": [{"activity": "baik"}]}) is None


def test_keys_are_checked_and_named_printably() -> None:
    assert find_bad_text({"units": {"a\x00b": "x"}}) == ("units.a\ufffdb", NUL_MESSAGE)
    assert find_bad_text({"\ud800": 1}) == ("\ufffd", INVALID_TEXT_MESSAGE)


def test_the_first_problem_in_document_order_is_reported() -> None:
    document = {"a": [{"b": "\x00"}], "c\x00": "x", "d": "\ud800"}
    assert find_bad_text(document) == ("a[0].b", NUL_MESSAGE)


def test_the_walker_does_not_recurse() -> None:
    deep: object = "\x00"
    for _ in range(10_000):
        deep = [deep]
    path, problem = find_bad_text(deep) or ("", "")
    assert problem == NUL_MESSAGE
    assert path == "[0]" * 10_000


@pytest.mark.parametrize("opener", [b"[", b'{"k":'])
def test_depth_is_exact_at_the_limit(opener: bytes) -> None:
    closer = b"]" if opener == b"[" else b"}"
    at_limit = opener * MAX_JSON_DEPTH + b"1" + closer * MAX_JSON_DEPTH
    over = opener * (MAX_JSON_DEPTH + 1) + b"1" + closer * (MAX_JSON_DEPTH + 1)
    json.loads(at_limit)  # the cases are valid JSON
    assert not json_too_deep(at_limit)
    assert json_too_deep(over)


def test_brackets_inside_strings_are_text() -> None:
    inside = json.dumps({"note": "[" * 5000, "q": 'a\\"[[[' * 100}).encode()
    assert not json_too_deep(inside)
    escaped_quote = b'["\\"' + b"[" * 200 + b'"]'
    assert not json_too_deep(escaped_quote)


def test_unbalanced_and_wide_documents() -> None:
    assert json_too_deep(b"[" * 5000)
    assert json_too_deep(b"[" * 40 + b"[1]" + b"[" * 40)
    assert not json_too_deep(b"[" + b"[1]," * 10_000 + b"[]]")
    assert not json_too_deep(b"]" * 5000 + b"[]")


def test_the_depth_check_is_linear_on_hostile_bodies() -> None:
    bodies = [
        b"[]" * 3_000_000,
        b'"' + b'\\"' * 3_000_000,
        b'"' * 6_000_000,
        b"[" * 3_000_000 + b"]" * 3_000_000,
        b'["' + b"[" * 6_000_000,
    ]
    for body in bodies:
        began = time.perf_counter()
        json_too_deep(body)
        assert time.perf_counter() - began < 2, body[:20]


def test_check_json_body_raises_the_app_errors() -> None:
    with pytest.raises(DomainError) as deep:
        check_json_body(b"[" * 5000 + b"]" * 5000)
    assert deep.value.status_code == 400
    assert deep.value.message == f"JSON terlalu dalam (lebih dari {MAX_JSON_DEPTH} tingkat)"
    with pytest.raises(ValidationError) as nul:
        check_json_body(b'{"subject": "a\\u0000"}')
    assert (nul.value.status_code, nul.value.field) == (422, "subject")
    with pytest.raises(ValidationError) as raw:
        check_json_body(b'{"subject": "\xff"}')
    assert (raw.value.field, raw.value.message) == ("subject", INVALID_TEXT_MESSAGE)
    check_json_body(b'{"subject": "\\\\u0000 is how NUL is written"}')  # an escaped backslash
    check_json_body(b'{"subject": "\\ud83d\\ude00"}')  # a pair is a character
    check_json_body(b"{not json")  # left to the decoder's own 400
