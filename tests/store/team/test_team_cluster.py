"""The throwaway server of the tests: it says why when it cannot start, instead of failing obscurely."""

from __future__ import annotations

import os
import pwd

import pytest

from team import pg_cluster
from team.pg_cluster import ClusterUnavailable, start_cluster


def test_without_the_server_programs_it_says_which_package_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pg_cluster, "find_binary", lambda name: None)
    with pytest.raises(ClusterUnavailable, match=r"initdb, pg_ctl\) not found .*`postgresql`"):
        start_cluster()


def test_as_root_without_a_postgres_user_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg_cluster, "find_binary", lambda name: f"/usr/lib/postgresql/15/bin/{name}")
    monkeypatch.setattr(os, "geteuid", lambda: 0)

    def no_user(name: str) -> pwd.struct_passwd:
        raise KeyError(name)

    monkeypatch.setattr(pwd, "getpwnam", no_user)
    with pytest.raises(ClusterUnavailable, match="initdb refuses root; no `postgres` user"):
        start_cluster()


def test_the_newest_installed_version_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg_cluster.shutil, "which", lambda name: None)
    found = ["/usr/lib/postgresql/9.6/bin/initdb", "/usr/lib/postgresql/15/bin/initdb"]
    monkeypatch.setattr(pg_cluster.glob, "glob", lambda pattern: found)
    assert pg_cluster.find_binary("initdb") == "/usr/lib/postgresql/15/bin/initdb"


def test_without_a_server_the_tests_skip_with_the_reason_and_ci_fails_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from team import conftest

    monkeypatch.setattr(conftest, "REQUIRE_POSTGRES", False)
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL server for the tests: initdb missing"):
        conftest._unavailable("initdb missing")
    monkeypatch.setattr(conftest, "REQUIRE_POSTGRES", True)
    with pytest.raises(
        pytest.fail.Exception, match=r"PLANTRACK_REQUIRE_POSTGRES is set, but .*initdb missing"
    ):
        conftest._unavailable("initdb missing")
