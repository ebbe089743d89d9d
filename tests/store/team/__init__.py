"""Tests of the team store on a real PostgreSQL server (a package: its conftest stays its own)."""
