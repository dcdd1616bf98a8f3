"""xAPI 1.0.3 statements of what trainees did: built from the records kept (lesson progress,
quiz attempts, approved practice, competency statuses, certificates), exported as JSON lines
(``lms xapi export``) and delivered to a Learning Record Store (``LMS_LRS_URL``) by the worker
through an outbox. See docs/xapi.md."""
