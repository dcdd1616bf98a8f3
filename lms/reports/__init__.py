"""Kept national reports: figures computed once and kept for a while, refreshed ahead of expiry."""
