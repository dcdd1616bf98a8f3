"""Forms of the practice package: they check types and formats strictly; services check rules.

No form has a status, owner, supervisor or reviewer field: whatever else a request sends is
ignored (mass assignment). Numbers, dates and times go through ``parsing``, never bare int().
"""

from lms.practice.forms.fields import strict_int
from lms.practice.forms.log import (
    DecisionForm,
    EntryForm,
    PlacementForm,
    ReportFilterForm,
    SubmitForm,
)
from lms.practice.forms.supervision import (
    AcknowledgeForm,
    SelfEvaluationForm,
    SessionForm,
    evaluation_form_class,
    rating_field_name,
)

__all__ = [
    "AcknowledgeForm",
    "DecisionForm",
    "EntryForm",
    "PlacementForm",
    "ReportFilterForm",
    "SelfEvaluationForm",
    "SessionForm",
    "SubmitForm",
    "evaluation_form_class",
    "rating_field_name",
    "strict_int",
]
