"""Competency frameworks (CASE 1.1 and Moodle CSV in, CASE out), crosswalks between them, and
universities' degree courses mapped to a framework with coverage and gap reports."""
