"""Background work on the job queue (Huey): jobs with progress, their pages, the worker.

For other packages: declare a kind of job with ``lms.jobs.kinds.job_kind``, start one with
``lms.jobs.control.start_job`` after ``lms.jobs.queue.check_available()`` (which raises
``QueueUnavailable`` when Redis is away), and link to ``url_for("jobs.job", job_id=...)``.
Periodic work: ``lms.jobs.kinds.every_minute``. See ``lms.jobs.kinds`` for an example.
"""
