"""Quizzes, attempts and grading; practice logs, supervision and field evaluations."""
