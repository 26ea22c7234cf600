"""The outgoing survey: one questionnaire workbook per chamber, pre-filled, and its tracking."""
