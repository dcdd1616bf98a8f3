"""How each kind of finding is named on the page (a template global: ``finding_labels``)."""

from flask_babel import lazy_gettext as _l

FINDING_LABELS = {
    "name": _l("Looks like a name"),
    "phone": _l("Looks like a phone or ID number"),
    "address": _l("Looks like an address"),
}
