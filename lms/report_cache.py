"""National reports kept for a few minutes, shared by every worker.

A national overview aggregates every practice entry or every trainee's evidence: seconds of
work at national scale, for figures that change slowly. Each computed report is stored as JSON
under a key naming the report and its filter, served while younger than
``LMS_REPORT_MAX_AGE`` seconds, and computed again when older or when staff ask for it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.database import UTCDateTime
from lms.extensions import db


class CachedReport(db.Model):
    __tablename__ = "report_cache"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    payload: Mapped[str] = mapped_column(Text)
