"""A server address as it may be shown: the libpq URI without its password, and the secrets to hide."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

_URI_SCHEMES = ("postgresql://", "postgres://")
# `password=secret` or `password='se cret'` in a key=value connection string
_KEYWORD_PASSWORD = re.compile(r"password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def is_server_address(text: str) -> bool:
    """True for a libpq URI (`postgresql://…`), the workspace address of a team server."""
    return text.lower().startswith(_URI_SCHEMES)


def secrets(address: str) -> list[str]:
    """Every password written in the address, as written and percent-decoded (longest first)."""
    found: list[str] = []
    if is_server_address(address):
        try:
            parts = urlsplit(address)
            raw = parts.netloc.rpartition("@")[0].partition(":")[2] if "@" in parts.netloc else ""
            found += [raw, unquote(raw)]
            found += [
                value for key, value in parse_qsl(parts.query, keep_blank_values=True) if key == "password"
            ]
            found += [m.split("=", 1)[1] for m in re.findall(r"password=[^&#]*", parts.query)]
        except ValueError:
            pass
    for match in _KEYWORD_PASSWORD.finditer(address):
        value = match.group(1)
        found += [value, value.strip("'")]
    return sorted({s for s in found if s}, key=len, reverse=True)


def shown(address: str) -> str:
    """The address with any password removed, fit to print in a message."""
    if is_server_address(address):
        try:
            parts = urlsplit(address)
            user, at, host = parts.netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}{at}{host}" if at else parts.netloc
            query = urlencode(
                [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"]
            )
            return scrub(urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)), address)
        except ValueError:
            return "postgresql://…"
    return scrub(_KEYWORD_PASSWORD.sub("password=…", address), address)


def scrub(text: str, address: str) -> str:
    """`text` with every password of `address` replaced by `…` (a driver's message may quote one)."""
    for secret in secrets(address):
        text = text.replace(secret, "…")
    return text
