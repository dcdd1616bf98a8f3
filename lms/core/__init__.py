"""What every domain stands on: database and unit of work, extensions, settings, request
plumbing, audit log, rate limits, backup, forms base, CSV, Markdown, navigation."""
