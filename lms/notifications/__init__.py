"""Notifications, conversations and deadlines: what happened, what is being said about an entry,
and what is due, for each person in their own language (and the e-mail outbox a job sends)."""
