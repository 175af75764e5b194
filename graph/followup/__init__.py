"""The follow-up round trip through a spreadsheet: the progress template a lead organisation
fills in (layout, template), and the import of a filled-in workbook, read as hostile input and
validated whole before anything is recorded (reader, new_actions, recorder)."""
