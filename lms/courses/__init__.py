"""Curricula from Markdown: the content catalogue, lesson pages, enrolment and progress."""
