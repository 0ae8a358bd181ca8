"""What `import-workbook` says about a workbook before its tables reach the validator: sheets, headers and
cells that Excel holds in a form a CSV file cannot keep (formulas, dates as text, numbers as text).

Kept apart from ISSUE_TYPES, which lists what the validator reports about CSV files; content rules
(allowed values, required cells, links) are the validator's, translated to sheets and cells.
"""
from __future__ import annotations

from generator.messages.issue_type import IssueType

TYPES = (
    IssueType("workbook-no-code", "Workbook without an ICS code",
              "The workbook records which ICS it is for; this one does not.",
              "The workbook does not say which ICS it is for (Instructions!B2 is empty).",
              "Start from a workbook made for your ICS: python -m generator workbook CODE --out FILE, or ask the data team."),
    IssueType("workbook-code-changed", "ICS code changed",
              "The ICS code on the Instructions sheet is not the one the workbook was made for.",
              'The ICS code here is "{value}", but this workbook was made for {code}.',
              "Put {code} back in this cell, or make a new workbook for the other ICS and copy your rows into it."),
    IssueType("workbook-unknown-ics", "Not an integrated care board",
              "The code the workbook is for must be an ICB in the reference areas.",
              'The workbook is for "{code}", which is not an integrated care board in {reference_file}.',
              "Make the workbook again for your ICB's ONS code, for example E54000062."),
    IssueType("workbook-no-package", "ICS has no package",
              "The rows are written into the ICS's data package, which must exist first.",
              "There is no data package for {code} in {folder}.",
              "Start it first: python -m generator new-ics {code}"),
    IssueType("workbook-sheet-missing", "Sheet missing",
              "Every sheet of the workbook must keep its name, even when it has no rows.",
              'There is no sheet called "{sheet}".{found}',
              'Rename the sheet back to "{sheet}" (right-click its tab, then Rename), or leave it empty if you have nothing for it.'),
    IssueType("workbook-header-changed", "Header changed",
              "Row 1 of each sheet names its columns, and must stay as it came.",
              'The header says "{value}" where it should say "{expected}".',
              "Put the header row back as it was: {header}. Do not rename, move or add columns."),
    IssueType("workbook-beyond-header", "Value outside the table",
              "A cell to the right of the last column has something in it, which would be lost.",
              'This cell holds "{value}", but it is to the right of the last column ({last}).',
              "Move the value into the right column, or delete it."),
    IssueType("workbook-formula", "Formula in a cell",
              "The published data holds values, not formulas: a formula's result can change without anyone noticing.",
              "This cell holds a formula ({value}).",
              "Type the value, not a formula (or copy the cell and use Paste Special, Values)."),
    IssueType("workbook-date-as-text", "Date written as text",
              "A date column must hold real date cells; text that looks like a date is not one.",
              'The date "{value}" is text, not a date. Excel may have turned it into text, for example when it was pasted in.',
              "Type it again as a date{suggestion}: the cell then shows it in the form yyyy-mm-dd."),
    IssueType("workbook-date-as-number", "Number in a date column",
              "A date column must hold real date cells.",
              "This cell holds the number {value}, not a date.",
              "Type the date again, for example {suggestion}, or format the cell as a date (yyyy-mm-dd)."),
    IssueType("workbook-date-with-time", "Date with a time",
              "A date column holds days only.",
              "This cell holds a time as well as a date ({value}).",
              "Type the date alone, for example {suggestion}."),
    IssueType("workbook-date-in-text-column", "Date in a text column",
              "Excel turns some text into dates as it is typed (1-2 becomes 1 February).",
              "This column holds text, but the cell holds the date {value}.",
              "Format the cell as Text (Format Cells, Text), then type the value again as you mean it."),
    IssueType("workbook-number-as-text", "Number stored as text",
              "A number column must hold numbers; Excel marks a number stored as text with a green triangle.",
              'The number "{value}" is stored as text.',
              "Type it again as a number (or use the warning triangle's Convert to Number)."),
    IssueType("workbook-not-a-value", "Value of the wrong kind",
              "A cell holds something a CSV file cannot keep, such as an error value.",
              "This cell holds {value}, which is not a value the table can keep.",
              "Type the value itself."),
)

WORKBOOK_TYPES: dict[str, IssueType] = {issue_type.code: issue_type for issue_type in TYPES}
