"""The velayat/etrap list: loaded from the data file, idempotent, with validity periods."""

from datetime import date

from sqlalchemy import func, select

from lms.accounts.models import Region
from lms.accounts.regions import sync_regions
from lms.core.extensions import db


def test_sync_is_idempotent_and_covers_every_velayat(app):
    with app.app_context():
        first = sync_regions()
        second = sync_regions()
        total = db.session.scalar(select(func.count()).select_from(Region))
        tops = set(db.session.scalars(select(Region.name_tk).where(Region.parent_id.is_(None))))
    assert first == second == total
    assert tops == {"Ahal", "Balkan", "Daşoguz", "Lebap", "Mary", "Aşgabat"}


def test_an_abolished_and_restored_etrap_keeps_both_periods(app):
    with app.app_context():
        old = db.session.scalar(select(Region).where(Region.code == "DZ-GUB"))
        new = db.session.scalar(select(Region).where(Region.code == "DZ-GUB-2025"))
    assert old.is_valid_on(date(2021, 5, 1)) and not old.is_valid_on(date(2023, 1, 1))
    assert new.is_valid_on(date(2026, 1, 1)) and not new.is_valid_on(date(2024, 1, 1))
    assert old.name_tk == new.name_tk == "Gubadag"
    assert old.velayat.name_tk == "Daşoguz"
