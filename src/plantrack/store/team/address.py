"""A server address as it may be shown: the libpq URI without its password, and the secrets to hide."""

from __future__ import annotations

import re
from urllib.parse import unquote

_URI_SCHEMES = ("postgresql://", "postgres://")
# `password=secret` in a URI's query, or `password='se cret'` in a key=value connection string
_QUERY_PASSWORD = re.compile(r"([?&])password=[^&#]*&?", re.IGNORECASE)
_KEYWORD_PASSWORD = re.compile(r"password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def is_server_address(text: str) -> bool:
    """True for a libpq URI (`postgresql://…`), the workspace address of a team server."""
    return text.lower().startswith(_URI_SCHEMES)


def _userinfo(address: str) -> tuple[str, str, str] | None:
    """(scheme + user, password, rest from `@`) of a URI written `scheme://user:password@rest`.

    The password is taken up to the last `@`, whatever it holds (`/`, `?`, `#`, an unencoded `%`):
    a mistyped password is still a password, and showing too little beats showing a secret.
    """
    if not is_server_address(address):
        return None
    scheme_end = address.index("://") + 3
    at = address.rfind("@")
    colon = address.find(":", scheme_end)
    if at < scheme_end or colon < 0 or colon > at:
        return None
    return address[:colon], address[colon + 1 : at], address[at:]


def secrets(address: str) -> list[str]:
    """Every password written in the address, as written and percent-decoded (longest first)."""
    found: list[str] = []
    parts = _userinfo(address)
    if parts is not None:
        found += [parts[1], unquote(parts[1])]
    for match in re.finditer(r"[?&]password=([^&#]*)", address, re.IGNORECASE):
        found += [match.group(1), unquote(match.group(1))]
    for match in () if is_server_address(address) else _KEYWORD_PASSWORD.finditer(address):
        found += [match.group(1), match.group(1).strip("'")]
    # libpq stops reading a password at `/`, `?` or `#`: its messages may quote a piece of one
    found += [piece for secret in found for piece in re.split(r"[/?#@]", secret) if len(piece) >= 3]
    return sorted({s for s in found if s}, key=len, reverse=True)


def shown(address: str) -> str:
    """The address with any password removed, fit to print in a message."""
    parts = _userinfo(address)
    text = address if parts is None else parts[0] + parts[2]
    if is_server_address(text):
        text = _QUERY_PASSWORD.sub(lambda m: m.group(1) if m.group(0).endswith("&") else "", text)
    else:
        text = _KEYWORD_PASSWORD.sub("password=…", text)
    return scrub(text, address)


def scrub(text: str, address: str) -> str:
    """`text` with every password of `address` replaced by `…` (a driver's message may quote one)."""
    for secret in secrets(address):
        text = text.replace(secret, "…")
    return text
