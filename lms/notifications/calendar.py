"""A person's deadlines as an iCalendar feed (RFC 5545) at a secret address they can rotate.

The address holds a random token (no login: phone calendars fetch it on their own); rotating
replaces the token, and the old address answers 404 from then on. Deadlines are whole days in
Asia/Ashgabat, written as all-day events so every calendar shows them on the local day.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from icalendar import Calendar, Event
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.notifications.deadlines import Deadline
from lms.notifications.models import CalendarFeed

TIMEZONE = "Asia/Ashgabat"


def feed_of(user_id: int) -> CalendarFeed | None:
    return db.session.get(CalendarFeed, user_id)


def rotate_feed(user: User) -> CalendarFeed:
    """Give the person a new secret address (the first one, or instead of the old one)."""
    feed = feed_of(user.id)
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token = secrets.token_urlsafe(32)
    feed.created_at = utcnow()
    db.session.flush()
    return feed


def feed_owner(token: str) -> User | None:
    """The person whose current feed address holds ``token``; None for a guessed or old one."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token == token, User.active.is_(True))
    )


def calendar_bytes(deadlines: list[Deadline], *, name: str, site: str) -> bytes:
    """The feed; ``site`` is the site's root address (``https://host/``): UIDs end with its
    host, and links are made absolute with it (a calendar app has no page to be relative to)."""
    host = urlsplit(site).netloc
    calendar = Calendar()
    calendar.add("prodid", "-//Social Work Academy//Deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIMEZONE)
    stamp = utcnow()
    for deadline in deadlines:
        event = Event()
        event.add("uid", f"{deadline.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.day)
        event.add("dtend", deadline.day + timedelta(days=1))
        event.add("summary", deadline.title)
        event.add("transp", "TRANSPARENT")
        if deadline.url:
            event.add("url", urljoin(site, deadline.url))
        calendar.add_component(event)
    return calendar.to_ical()
