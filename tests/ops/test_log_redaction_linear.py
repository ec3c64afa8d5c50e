"""The redactor does linear work however hostile the text, and caps what reaches the log.

Inputs that took minutes with the old URL-password pattern (it retried every start of a long run
of letters) must now finish; pytest-timeout turns a regression into a failure.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from adapters.logs import MAX_MESSAGE, Redactor, configure_logging
from bot.settings import Settings

MEGABYTE = 1_000_000
PASSWORD = "pg-Pa55word-zz"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    settings = Settings(database_url=f"postgresql://prep:{PASSWORD}@db:5432/prep", log_level="DEBUG")
    handler = configure_logging(settings, stream)
    yield stream
    logging.getLogger().removeHandler(handler)


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "hostile",
    [
        "/prep stats " + "x" * MEGABYTE,  # a run of letters: quadratic for the old pattern
        "a://b:" * (MEGABYTE // 6),  # many URL starts with a user and no '@'
        "http://u:" + "p" * MEGABYTE,  # a password that never ends
    ],
)
def test_a_megabyte_of_hostile_text_is_redacted_and_capped(captured: io.StringIO, hostile: str) -> None:
    logging.getLogger("prepbot.slack.bolt").debug("body %s tail https://u:%s@h", hostile, PASSWORD)
    # At DEBUG, records from elsewhere (a thread of an earlier test) may land here too.
    (line,) = [x for x in captured.getvalue().splitlines() if "component=prepbot.slack.bolt" in x]
    assert PASSWORD not in line
    assert "more characters)" in line
    assert len(line) < MAX_MESSAGE + 300


@pytest.mark.timeout(20)
def test_a_secret_after_a_megabyte_is_still_masked() -> None:
    redact = Redactor([PASSWORD])
    text = "x" * MEGABYTE + f" postgresql://prep:{PASSWORD}@db/prep xoxb-1-2-abc"
    redacted = redact(text)
    assert redacted.endswith(" postgresql://prep:***@db/prep ***")


def test_a_line_is_redacted_once(captured: io.StringIO) -> None:
    log = logging.getLogger("prepbot.test")
    log.info("dsn postgresql://prep:%s@db/prep", PASSWORD)
    (line,) = captured.getvalue().splitlines()
    assert 'msg="dsn postgresql://prep:***@db/prep"' in line
