"""Server addresses shown without their passwords, however the password is written."""

from __future__ import annotations

import pytest

from plantrack.store.team.address import is_server_address, scrub, secrets, shown


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("postgresql://u:pw@db.plant:5432/plans#line3", "postgresql://u@db.plant:5432/plans#line3"),
        ("postgres://u:p%40ss@h/db", "postgres://u@h/db"),
        ("postgresql://alice:S3cr%t-pw/é@127.0.0.1:1/db", "postgresql://alice@127.0.0.1:1/db"),
        ("postgresql://u:a@b@h/db", "postgresql://u@h/db"),
        ("postgresql://u@h/db?password=zz&sslmode=require", "postgresql://u@h/db?sslmode=require"),
        ("postgresql://u@h/db?sslmode=require&password=zz", "postgresql://u@h/db?sslmode=require"),
        ("postgresql://u@/db?host=%2Ftmp&port=5", "postgresql://u@/db?host=%2Ftmp&port=5"),
        ("postgresql://h:5432/db", "postgresql://h:5432/db"),
        ("host=h password='a b' dbname=y", "host=h password=… dbname=y"),
    ],
)
def test_the_shown_address_holds_no_password(address: str, expected: str) -> None:
    assert shown(address) == expected
    for secret in secrets(address):
        assert secret not in shown(address)


def test_a_driver_message_quoting_the_password_is_scrubbed() -> None:
    address = "postgresql://u:p%40ss%zz@h/db"
    assert set(secrets(address)) >= {"p%40ss%zz", "p@ss%zz"}
    assert (
        scrub('invalid percent-encoded token: "p%40ss%zz"', address) == 'invalid percent-encoded token: "…"'
    )


def test_a_piece_of_a_password_libpq_stopped_at_is_scrubbed() -> None:
    address = "postgresql://alice:S3cr%t-pw/é@127.0.0.1:1/db"
    assert (
        scrub('invalid percent-encoded token: "S3cr%t-pw"', address) == 'invalid percent-encoded token: "…"'
    )


def test_server_addresses_are_told_from_files() -> None:
    assert is_server_address("postgresql://h/db") and is_server_address("POSTGRES://h/db")
    assert not is_server_address("line3.plantrack.json") and not is_server_address("postgresql.json")
