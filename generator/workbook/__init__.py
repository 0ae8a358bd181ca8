"""The Excel route for ICS teams: `workbook` writes a workbook of their tables to fill in (`write`), and
`import-workbook` turns a filled one back into the package's CSV files (`read` checks the cells Excel
holds, `load` validates the tables and writes them all or not at all). `spec` says what each sheet holds."""
