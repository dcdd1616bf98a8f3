"""Quizzes: questions from each module's ``quiz.gift``, attempts, grading, review, statistics.

See docs/quizzes.md. Other packages read results through ``results`` only.
"""
