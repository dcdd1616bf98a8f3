"""The Translations page: the state of every text a trainee reads in Russian and Turkmen.

It sits above the domains because it reads the curricula (courses), the quizzes, the practice
categories and the interface catalogues together.
"""
