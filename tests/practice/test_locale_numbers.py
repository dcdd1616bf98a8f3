"""The practice chart's figures in the reader's locale (they were "10.25" and "56%" in every
language)."""

from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from lms.practice.views.log import requirement_text


class Summary:
    def requirement(self, key):
        if key == "direct_share":
            return SimpleNamespace(have=0.56, need=0.5)
        return SimpleNamespace(have=10.25, need=240)


@pytest.mark.parametrize(
    ("language", "hours", "share"),
    [("tk", "10,25", "56 % / 50 %"), ("ru", "10,25", "56 % / 50 %"), ("en", "10.25", "56% / 50%")],
)
def test_requirement_figures_follow_the_locale(app, language, hours, share):
    with app.test_request_context(), force_locale(language):
        counted = requirement_text(Summary(), "counted").replace("\xa0", " ")
        direct = requirement_text(Summary(), "direct_share").replace("\xa0", " ")
    assert hours in counted and "240" in counted
    assert direct == share
