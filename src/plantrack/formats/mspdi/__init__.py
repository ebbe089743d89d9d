"""MS Project XML (MSPDI): reading and writing tasks, calendars, resources, constraints and windows."""
