"""Supervised practice: placements, the practice log with supervisor sign-off, supervision
sessions, field evaluations, the requirements they count toward, and national reports.

Public entry points for the packages above this one:
``requirements.practice_summary`` (certificate eligibility) and ``results.latest_ratings`` /
``results.approved_minutes_by_competency`` (the competency profile).
"""
