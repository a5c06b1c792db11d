"""Log lines carry the request or job they were written in: one JSON object a line (a newline
or a trace inside stays inside), or text with the context at the end of the first line."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator

import pytest

from alur.core.logs import (
    ContextFilter,
    JsonFormatter,
    TextFormatter,
    annotate,
    configure_logging,
    current,
    formatter,
    log_context,
)
from alur.core.settings import Settings

Written = tuple[logging.Logger, io.StringIO, logging.StreamHandler[io.StringIO]]


@pytest.fixture
def written() -> Iterator[Written]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    logger = logging.getLogger("alur.test_logs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, stream, handler
    logger.removeHandler(handler)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_json_line_carries_the_request_id_and_office(written: Written) -> None:
    logger, stream, handler = written
    handler.setFormatter(JsonFormatter())
    with log_context(request_id="req-12345678"):
        annotate(office="kaltim")  # learned later in the request, e.g. at authentication
        logger.info("case %s started\nforged line", "K-1", extra={"case": "K-1"})
    logger.info("outside any request")
    inside, outside = _lines(stream)
    assert inside["request_id"] == "req-12345678"
    assert inside["office"] == "kaltim"
    assert inside["message"] == "case K-1 started\nforged line", "one line, newline escaped"
    assert inside["case"] == "K-1", "extra fields are kept"
    assert inside["level"] == "INFO"
    assert inside["logger"] == "alur.test_logs"
    assert str(inside["ts"]).endswith("+00:00")
    assert "request_id" not in outside
    assert "office" not in outside
    assert current() == {}


def test_a_trace_stays_inside_its_line(written: Written) -> None:
    logger, stream, handler = written
    handler.setFormatter(JsonFormatter())
    with log_context(job_id="j-1", actor="jobs.probe", office="lampung"):
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logger.exception("job failed")
    [line] = _lines(stream)
    assert line["job_id"] == "j-1"
    assert line["actor"] == "jobs.probe"
    assert line["office"] == "lampung"
    assert "RuntimeError: boom" in str(line["exc"])


def test_tasks_a_request_starts_share_what_it_learns(written: Written) -> None:
    """Litestar resolves some dependencies in child tasks: the office one of them learns is
    on every later line of the request."""
    logger, stream, handler = written
    handler.setFormatter(JsonFormatter())

    async def request() -> None:
        with log_context(request_id="req-abcdefgh"):
            await asyncio.gather(asyncio.create_task(_authenticate()))
            logger.info("handled")

    async def _authenticate() -> None:
        annotate(office="lampung")

    asyncio.run(request())
    [line] = _lines(stream)
    assert line["office"] == "lampung"
    assert line["request_id"] == "req-abcdefgh"


def test_text_lines_name_the_context_on_the_first_line(written: Written) -> None:
    logger, stream, handler = written
    handler.setFormatter(TextFormatter())
    with log_context(request_id="req-12345678", office="kaltim"):
        logger.info("hello")
    assert stream.getvalue().rstrip().endswith("hello [request_id=req-12345678 office=kaltim]")


def test_the_format_is_json_outside_dev(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALUR_LOG_FORMAT", raising=False)
    monkeypatch.setenv("ALUR_ENV", "production")
    assert Settings().log_format == "json"
    monkeypatch.setenv("ALUR_ENV", "dev")
    assert Settings().log_format == "text"
    monkeypatch.setenv("ALUR_LOG_FORMAT", "json")
    assert Settings().log_format == "json"
    with pytest.raises(ValueError, match="ALUR_LOG_FORMAT"):
        formatter("yaml")


def test_configuring_twice_leaves_one_handler_and_spares_others() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    foreign = logging.NullHandler()
    root.addHandler(foreign)
    try:
        configure_logging("json")
        configure_logging("json")
        ours = [h for h in root.handlers if h not in before and h is not foreign]
        assert len(ours) == 1
        assert foreign in root.handlers
        assert isinstance(ours[0].formatter, JsonFormatter)
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
        root.setLevel(level)
