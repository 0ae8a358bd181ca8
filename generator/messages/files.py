"""Problems with folders, datapackage.json and files, before any row is read (rows and cells: `cells`)."""
from __future__ import annotations

from generator.messages.issue_type import IssueType

_EXAMPLES_HINT = "Copy the shape from another package's datapackage.json."

TYPES = (
    # --- Folders and datapackage.json -------------------------------------------------------------------
    IssueType("descriptor-missing", "No datapackage.json",
              "Every package folder needs a datapackage.json file that describes it and lists its CSV files.",
              "This folder has no datapackage.json file.",
              "Add a datapackage.json describing the package. " + _EXAMPLES_HINT),
    IssueType("descriptor-invalid-json", "datapackage.json is not valid JSON",
              "The file could not be read as JSON, so nothing else in the package could be checked.",
              "datapackage.json is not valid JSON: {error} (line {line}, column {column}).",
              "Correct the JSON at that place. Common causes: a missing comma between two entries, a comma after "
              "the last entry of a list, or a missing quote, brace or bracket."),
    IssueType("descriptor-not-object", "datapackage.json is not a JSON object",
              "datapackage.json must hold one JSON object: properties inside curly braces.",
              "datapackage.json must contain one JSON object ({{ ... }}), but it contains {kind}.",
              "Put the package's properties inside one pair of curly braces. " + _EXAMPLES_HINT),
    IssueType("descriptor-empty", "datapackage.json is empty",
              "datapackage.json has no text at all, or only blank space, so nothing in the package could be checked.",
              "datapackage.json is empty: it holds no text, or only blank space.",
              "Write the package's description in it. " + _EXAMPLES_HINT),
    IssueType("descriptor-duplicate-key", "A property is given twice",
              "The same property appears twice in one object of datapackage.json. Programs disagree about which "
              "of the two counts, so the package could be read differently from what was checked.",
              'datapackage.json gives "{value}" twice in the same object: here and on line {other_line}.',
              'Keep one "{value}" and delete the other, after checking which value is right.'),
    IssueType("descriptor-too-deep", "datapackage.json is nested too deeply",
              "Lists and objects inside each other are nested far more deeply than any package needs, which "
              "usually means brackets were pasted by mistake; such a file is not read further.",
              "datapackage.json has lists or objects nested more than {limit} levels deep, from this line on.",
              "Remove the extra brackets. A package needs only a few levels: the resources list, each resource, "
              "its schema, its fields and their constraints. " + _EXAMPLES_HINT),
    IssueType("package-not-folder", "A file where a package folder should be",
              "The datapackages folder holds one folder per package (named after the area's ONS code) and the "
              "reference folder; a file there is not read as a package.",
              "{path} is a file, but {folder} may hold only package folders.",
              "Make it a folder named after the area's ONS code, with datapackage.json and the CSV files inside "
              "it, or remove the file."),
    IssueType("property-missing", "A required property is missing",
              "datapackage.json lacks a property the site needs, such as version, licenses or sources.",
              'datapackage.json has no "{property}".',
              'Add "{property}": {example}'),
    IssueType("property-wrong-type", "A property has the wrong kind of value",
              "A property of datapackage.json holds the wrong kind of value, for example text where a list is needed.",
              '"{property}" in datapackage.json must be {expected}, not {actual}.',
              'Change it to {expected}, for example "{property}": {example}'),
    IssueType("area-code-mismatch", "area_code does not match the folder",
              "A package folder is named after its area's ONS code, and datapackage.json must give the same code.",
              'datapackage.json says area_code "{value}", but the folder is named "{folder}".',
              "Make them the same: the folder name and area_code are both the area's ONS code (for example E54000008)."),
    IssueType("area-unknown", "Area code not in the reference areas",
              "An area code is not listed in the reference package's areas.csv, so the site cannot name it.",
              'Area code "{value}" is not in the reference areas ({reference_file}).',
              "Check the code (ONS codes look like E54000008 for an ICB or E06000001 for a local authority), "
              "or add the area to areas.csv in the reference package."),
    IssueType("illustrative-not-boolean", "illustrative is not true or false",
              "The illustrative flag says whether a package holds made-up example figures; it must be true or false.",
              '"illustrative" must be true or false (without quotes), but it is {value}.',
              'Write "illustrative": false for real figures, or true for the fictional Example ICS.'),
    IssueType("illustrative-mismatch", "illustrative does not match the area",
              "Only a fictional area (is_fictional true in areas.csv) may hold illustrative figures, and its "
              "figures must always be labelled illustrative.",
              '"illustrative" is {value}, but {area} is {kind} area in the reference areas.',
              'Set "illustrative": {expected}. Made-up figures belong only to a fictional area.'),
    IssueType("source-incomplete", "A source lacks an id, title or path",
              "Every entry in sources needs an id (used by the source_id column), a title and a path (its web address).",
              'Source number {number} in datapackage.json has no "{property}".',
              'Give every source an "id" (lower case, for example fingertips), a "title" and a "path" (a web address).'),
    IssueType("source-duplicate-id", "Two sources share an id",
              "Each source's id must be unique, so that the source_id column points at exactly one source.",
              'Two sources in datapackage.json have the id "{value}".',
              "Give each source its own id, and use the right one in the source_id column."),
    IssueType("resource-incomplete", "A resource lacks a name or path",
              "Each entry in resources needs a name (the kind of table) and a path (the CSV file).",
              'Resource number {number} in datapackage.json has no "{property}".',
              'Give each resource a "name" (for example observations) and a "path" (for example observations.csv).'),
    IssueType("resource-unknown", "Unknown resource name",
              "Resource names say which canonical schema applies; a name with no schema cannot be checked or shown.",
              'datapackage.json lists a resource named "{value}", which is not a resource this package can have.',
              "Use one of: {allowed}."),
    IssueType("resource-duplicate", "Resource listed twice",
              "Each kind of table may appear once in a package.",
              'The resource "{value}" is listed more than once in datapackage.json.',
              "Keep one entry, and put all the rows in its CSV file."),
    IssueType("path-unsafe", "Resource path outside the package",
              "A resource's path must name a CSV file inside the package folder. Absolute paths, paths using .. and "
              "web addresses are refused, so that a pull request cannot read files elsewhere.",
              'The resource "{resource}" has the path "{value}", which {reason}.',
              'Use the plain name of a CSV file in this package folder, for example "{resource}.csv".'),
    IssueType("schema-invalid", "A canonical schema cannot be used",
              "Each kind of table is checked against its canonical schema in datapackages/reference/schemas. A schema "
              "that is not JSON, or not a Table Schema shaped as the checks read one, would leave that table "
              "unchecked, so it is an error.",
              "The canonical schema {schema} cannot be used, so no {resource} table can be checked: {reason}.",
              "Correct {schema}, comparing it with its last version that worked (git log -p {schema}); "
              "a canonical schema is changed only with the site maintainers."),
    IssueType("schema-mismatch", "Schema differs from the canonical one",
              "A resource needs no schema in datapackage.json: the canonical schema in datapackages/reference/schemas "
              "applies. One written there anyway must be an exact copy, so that no one reads rules that are not checked.",
              'The schema of the resource "{resource}" in datapackage.json differs from {canonical}: {difference}.',
              'Delete the resource\'s "schema": a resource needs only its name and path, for example '
              '{{"name": "{resource}", "path": "{resource}.csv"}}, and the data is always checked against {canonical}.'),
    IssueType("related-resource-missing", "A table refers to a table that is missing",
              "Some tables point at rows of another table in the same package (for example ratings point at "
              "assessments), so that table must be there too.",
              'This file refers to {target} (column {fields}), but the package has no "{target}" resource.',
              "Add {target}.csv and list it in datapackage.json's resources, or remove this resource."),
    # --- Files -------------------------------------------------------------------------------------------
    IssueType("file-missing", "File not found",
              "datapackage.json lists a file that is not in the package folder.",
              "The file {path} listed in datapackage.json does not exist.",
              "Add the file, correct the resource's path (names are case-sensitive), or remove the resource "
              "from datapackage.json."),
    IssueType("file-unreadable", "File cannot be read",
              "The file system refused to open a file of the package: its name is too long for any file system, "
              "or it cannot be opened on the computer that runs the checks.",
              "The file {path} cannot be read: {reason}.",
              "Correct the path in datapackage.json (each folder or file name in it at most 255 characters), "
              "or make sure the file is an ordinary file that anyone can read."),
    IssueType("file-empty", "File is empty",
              "The file has no content at all (0 bytes), not even a header row.",
              "The file is empty (0 bytes).",
              "Put the header row and the data rows in it, or remove the resource from datapackage.json."),
    IssueType("file-is-link", "Symbolic link refused",
              "A file or folder of the package is a symbolic link (a shortcut to somewhere else). Links are refused, "
              "even ones that point inside the package, because they could point anywhere on the computer that "
              "runs the checks, and what they point at can change.",
              "{path} is a symbolic link, not a real {kind}.",
              "Replace the link with the real {kind}: delete the link and copy the {kind} itself into the package "
              "(in git, git rm the link and add the copy)."),
    IssueType("file-is-folder", "A folder where a file should be",
              "The path names a folder, but a file is needed there: datapackage.json, or the CSV file of a resource.",
              "{path} is a folder, not a file.",
              "Put the file itself at this path, or correct the resource's path in datapackage.json so that it "
              "names the CSV file (for example observations.csv), not a folder."),
    IssueType("file-too-large", "File too large",
              "Files over a size limit are refused before they are read, so that one file cannot stop the checks "
              "for everyone. The bundled packages are far smaller than the limit.",
              "The file is {size}, more than the limit of {limit}, so it was not read.",
              "Check that this is the right file and that nothing was pasted into it by mistake. If the data really "
              "needs a file this big, split it between packages or ask the site maintainers about the limit."),
    IssueType("utf8-bom", "File starts with a byte order mark",
              "The file begins with an invisible byte order mark (BOM). Excel's \"CSV UTF-8\" and Windows Notepad's "
              '"UTF-8 with BOM" add one; it can end up glued to the first column name.',
              "The file starts with a UTF-8 byte order mark (BOM), an invisible marker before the first column name.",
              'Save the file as UTF-8 without a BOM: in a text editor choose the encoding "UTF-8" (not "UTF-8 with '
              'BOM"); in LibreOffice Calc choose Text CSV with character set "Unicode (UTF-8)". Excel\'s "CSV UTF-8" '
              "adds a BOM, so re-save a file from Excel in a text editor."),
    IssueType("encoding-error", "Not UTF-8 text",
              "The file contains bytes that are not UTF-8 text, usually because it was saved in an older Windows "
              "encoding; accented letters, £ signs and curly quotes then turn into garbage.",
              "The file contains text that is not UTF-8 ({detail}).",
              'Save the file with the encoding "UTF-8" without a BOM (see utf8-bom for how), then check the accented '
              "letters, £ signs and quotes on that line."),
    IssueType("encoding-utf16", "Saved as UTF-16, not UTF-8",
              "The file is saved as UTF-16 (\"Unicode Text\" in Excel, \"Unicode\" or \"UTF-16\" in Notepad), "
              "which stores each letter in two bytes. The site reads UTF-8 text only.",
              "The file is saved in UTF-16 (each letter takes two bytes), not UTF-8.",
              'Save it again with the encoding "UTF-8": in Excel choose "CSV UTF-8 (Comma delimited)" and then '
              'remove the byte order mark (see utf8-bom); in a text editor choose the encoding "UTF-8".'),
    IssueType("nul-byte", "NUL bytes in the file",
              "The file contains NUL bytes: invisible zero bytes that are not text. They usually come from a file "
              "saved as UTF-16, or from a damaged copy.",
              "Line {line} has a NUL byte (an invisible zero byte, which is not text); the file has {count} in all.",
              "Export the file again from the program that made it, choosing CSV UTF-8, or open it in a text editor "
              "that shows invisible characters and delete them."),
    IssueType("stray-quote", "Double quote in the wrong place",
              "In a CSV file a double quote may only open and close a quoted cell, and a quote inside a quoted cell "
              "is written twice (\"\"). Programs read a stray quote in different ways, so the cell could change "
              "without anyone noticing.",
              "The cell in column {column} {detail}.",
              'Put the whole cell in double quotes and write each quote inside it twice, for example '
              '"She said ""yes""". Spreadsheets do this for you when they save a file as CSV.'),
    IssueType("unclosed-quote", "Quoted cell never closed",
              "A cell starts with a double quote but has no closing quote, so everything after it, to the end of the "
              "file, reads as one cell; the rows of the file were not checked.",
              'The cell in column {column} starts with a double quote (") that is never closed, so the rest of the '
              "file reads as this one cell.",
              'Add the closing double quote at the end of the cell, or remove the opening one. A quote inside a '
              'quoted cell is written twice ("").'),
    IssueType("cell-too-large", "Cell too long",
              "A cell is longer than any cell may be. This usually means a missing closing quote or comma has joined "
              "many cells into one; the rows of the file were not checked.",
              "The cell in column {column} is {length} characters long; no cell may be longer than {limit}.",
              "Look for a missing closing quote or comma before this point. Long texts belong in a document that "
              "the evidence table links to, not in a cell."),
    IssueType("no-rows", "No rows of data yet",
              "A warning, not an error: the file has a header row but no rows below it, so the table publishes "
              "nothing yet. A new package (python -m generator new-ics) starts like this.",
              "The file has a header row but no rows of data yet, so this table publishes nothing.",
              "Add the rows when you have them; until then the site says the table is not published yet. If you "
              "will never publish it, remove the resource from datapackage.json and delete the file.",
              severity="warning"),
    IssueType("header-missing", "No header row",
              "The first line of a CSV file must be the header row, naming each column.",
              "The first line is empty, so the file has no column names.",
              "Make the first line the header row: {expected}."),
    IssueType("missing-column", "Column missing",
              "A column of the canonical schema is not in the file's header row.",
              'The column "{field}" is missing from the header row.',
              "Add a column named {field} (spelling and capitals must match; leave its cells empty where the schema "
              "allows). The columns are: {expected}."),
    IssueType("unknown-column", "Unknown column",
              "The header row has a column the canonical schema does not define, so the site would ignore it.",
              'The header row has a column "{value}" that the schema does not define.{hint}',
              "Rename it to one of the schema's columns or delete it. The columns are: {expected}."),
    IssueType("duplicate-column", "Column name used twice",
              "Two columns in the header row have the same name, so it is unclear which one holds the data.",
              'The column "{value}" appears more than once in the header row.',
              "Delete or rename the repeated column."),
    IssueType("blank-column-name", "Column without a name",
              "A column in the header row has no name, often because of a stray comma at the end of the line.",
              "Column {position} of the header row has no name.",
              "Name the column or delete it; check for a comma at the end of the header line."),
    IssueType("column-name-wrong", "Column name does not match the schema",
              "A column in the header row is not the one the schema expects in that position.",
              'Column {position} of the header row is "{value}", but the schema expects "{field}".',
              "Rename the column to {field}. The columns are: {expected}."),
    IssueType("rows-not-checked", "Rows not checked",
              "When the header row itself is broken, the rows below cannot be matched to columns, so they were "
              "not checked.",
              "The rows of this file, from this line on, were not checked because its header row has problems.",
              "Fix the header row and run the validator again."),
    IssueType("too-many-problems", "Checking stopped early",
              "So many problems were found in one file that checking stopped; they often share one cause, such as a "
              "shifted column.",
              "Checking of this file stopped after {limit} problems, at line {line}; {remaining} more rows were not checked.",
              "Fix the problems shown (look for one shared cause first) and run the validator again."),
)
