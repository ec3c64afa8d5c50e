"""The HTTP endpoint's gate: a request is verified on its raw body before anything parses it.

Slack signs `v0:<timestamp>:<raw body>` with the signing secret
(https://api.slack.com/authentication/verifying-requests-from-slack); slack_sdk's
SignatureVerifier checks it and the 5-minute window (on the body as text: a body that is not
UTF-8, which Slack never sends, is refused first). Only then is the body parsed, and one Bolt
could not parse (a `payload` that is not a JSON object, a JSON body that is an array or null) is
refused with 400 and one short log line.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("prepbot.slack")
TIMESTAMP = re.compile(r"\d{1,12}", re.ASCII)


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


def refusal(raw: bytes, headers: dict[str, str], verifier: SignatureVerifier) -> Refusal | None:
    """Why this request must be refused, or None when Bolt may handle it."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not TIMESTAMP.fullmatch(timestamp):
        return Refusal(400, "missing or non-numeric X-Slack-Request-Timestamp")
    try:
        body = raw.decode("utf-8")  # SignatureVerifier decodes too, and would raise
    except UnicodeDecodeError:
        return Refusal(400, "body is not UTF-8")
    if not signature or not verifier.is_valid(body, timestamp, signature):
        return Refusal(401, "invalid signature or stale timestamp")
    problem = body_problem(body, headers.get("content-type", ""))
    return Refusal(400, problem) if problem else None


def body_problem(body: str, content_type: str) -> str | None:
    """What Bolt's parser (slack_bolt.request.internals.parse_body) would fail on, if anything."""
    if not body:
        return None
    if content_type.split(";")[0].strip() == "application/json" or body.startswith("{"):
        return None if isinstance(loads(body), dict) else "JSON body is not an object"
    payload = dict(parse_qsl(body, keep_blank_values=True)).get("payload")
    if payload is not None and not isinstance(loads(payload), dict):
        return "payload is not a JSON object"
    return None


def loads(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def log_refusal(refused: Refusal, remote: str | None) -> None:
    log.warning(
        "slack http request refused with %s from %s: %s", refused.status, remote or "?", refused.reason
    )
