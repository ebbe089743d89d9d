"""The workspace on a PostgreSQL server, for a methods team: schema, migrations and the plan's rows.

Only this package imports psycopg, and only when a command reaches a server: plantrack runs without
the `team` extra installed.
"""
