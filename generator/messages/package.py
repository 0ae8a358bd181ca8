"""Problems with what a package folder holds as a whole: files it does not list, imported files edited by
hand, and the habits of spreadsheets (semicolons, empty columns) that make a table unreadable."""
from __future__ import annotations

from generator.messages.issue_type import IssueType

TYPES = (
    IssueType("file-not-listed", "File not listed in datapackage.json",
              "Only the tables datapackage.json lists are checked and published, so a CSV file in the package "
              "folder that it does not list would silently never appear on the site.",
              "The file {path} is in the package folder, but datapackage.json does not list it, so it would not be "
              "published.",
              "{action}, or delete the file if it should not be published."),
    IssueType("imported-file-edited", "Imported file changed by hand",
              "Some files of a real ICS's package are rebuilt from national public sources by "
              "`python -m generator import-shared`, which records a fingerprint of each in datapackage.json "
              "(\"imported\"). A hand edit to such a file would be lost at the next import.",
              "The file {path} is not the one the import wrote from national sources (its fingerprint in "
              "datapackage.json differs), so it has been edited since, and the next import would undo the edit.",
              "Restore the file as it is on the main branch. Put the ICS's own tables in their own files (plus_groups.csv, "
              "assessments.csv, ratings.csv, evidence.csv, actions.csv), which an import never touches. If a national "
              "figure is wrong, open an issue naming the file, line and the source that gives the right figure, so the "
              "import itself is corrected."),
    IssueType("imported-wrong-type", '"imported" is not in the form the import writes',
              'The "imported" property of datapackage.json is written by `python -m generator import-shared`: an '
              'object whose "files" gives each imported table\'s fingerprint.',
              'The "imported" property of datapackage.json is {actual}, not an object with "files".',
              'Restore "imported" as it is on the main branch; a package that was never imported needs none.'),
    IssueType("wrong-delimiter", "Columns separated by something other than commas",
              "The site reads CSV files whose columns are separated by commas. Excel in many languages saves \"CSV\" "
              "with semicolons instead, and a copy from some programs uses tabs; the whole line then reads as one "
              "column, so none of the rows could be checked.",
              "This file separates its columns with {delimiter}, not commas, so each line reads as one column.",
              "Save it again as comma-separated: in Excel choose File, Save As, \"CSV UTF-8 (Comma delimited)\"; in "
              "LibreOffice tick \"Edit filter settings\" and choose a comma as the field delimiter. Then check again."),
    IssueType("empty-columns-ignored", "Empty columns at the end ignored",
              "A warning, not an error: spreadsheets often save empty columns to the right of a table as extra "
              "commas. They hold nothing, so they are ignored and every row was checked.",
              "The last {count} columns of the header row have no name and every cell in them is empty, so they "
              "were ignored.",
              "Nothing needs to change; to tidy the file, delete the empty columns to the right of the table and "
              "save it again.", severity="warning"),
)
