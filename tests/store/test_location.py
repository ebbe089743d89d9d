"""A workspace address names a file or a project on a team server; printing it never shows the password."""

from __future__ import annotations

from pathlib import Path

from plantrack.store.location import FileLocation, ServerLocation, locate


def test_plain_path_is_a_file() -> None:
    assert locate("plan.plantrack.json") == FileLocation(Path("plan.plantrack.json"))


def test_server_address_with_project() -> None:
    location = locate("postgresql://ana@db.example:5432/plans#line3-retrofit")
    assert location == ServerLocation(
        address="postgresql://ana@db.example:5432/plans#line3-retrofit",
        uri="postgresql://ana@db.example:5432/plans",
        project="line3-retrofit",
    )


def test_server_address_without_project() -> None:
    location = locate("POSTGRES://ana@db/plans")
    assert isinstance(location, ServerLocation)
    assert location.project is None


def test_shown_hides_the_password() -> None:
    location = locate("postgresql://ana:s3cr3tpw@db/plans#line3")
    assert isinstance(location, ServerLocation)
    assert "s3cr3tpw" not in location.shown()
    assert "ana@db/plans" in location.shown()
