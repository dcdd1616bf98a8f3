"""Users, roles, sessions, regions (velayats and etraps) and cohorts."""
