"""The toy's one record kind."""

from cosec.kit import RecordDate, RecordModel, Text


class ToyReport(RecordModel):
    """``toy.report``: a member's report for a year."""

    year: int
    filed_on: RecordDate
    text: Text = ""
