"""The CSV downloads of the bundled build's charts: each chart links its download, and each downloaded figure
names the data file and line it came from, whose value is the number shown (generator/pages/common.py's source
columns)."""
import re

from generator import paths
from generator.pages import common

from built_pages import _pages


def test_each_chart_has_its_csv_download(built):
    content, _ = built
    page_path = "ics/black-country/index.md"
    page = _pages(content)[page_path]
    for href in re.findall(r'<a href="([^"]+\.csv)" download>', page):
        target = (content / "ics/black-country/" / href).resolve()  # URLs are relative to the page's folder URL
        assert target.is_file(), href


# Downloads of counts (local authorities by comparison, ratings at each level): each row cites the rows it counts.
COUNTS = ("places-compared-", "example.csv", "published.csv")


def test_each_downloaded_figure_names_the_data_file_and_line_it_came_from(built):
    """Auditors can trace a number: each CSV row's source is a data row of that file whose value is the
    number shown (to the decimals shown), for every download that lists sources."""
    import csv
    from generator.load import read_csv_rows
    content, _ = built
    cache: dict[str, dict[int, dict]] = {}

    def data_row(file: str, line: int) -> dict:
        if file not in cache:
            header, rows = read_csv_rows(paths.ROOT / file)
            cache[file] = {start: dict(zip(header, cells)) for start, cells in rows}
        assert line in cache[file], f"{file}:{line} is not a data row"
        return cache[file][line]

    checked = 0
    downloads = sorted((content / "downloads").rglob("*.csv"))
    for download in downloads:
        with open(download, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if not rows or common.SOURCE_COLUMN not in rows[0]:
            continue
        for row in rows:
            sources = [s for s in row[common.SOURCE_COLUMN].split("; ") if s]
            shown = [float(n.replace(",", "")) for cell in (v for k, v in row.items()
                                                            if k not in (common.SOURCE_COLUMN, common.SOURCE_LINK_COLUMN))
                     for n in re.findall(r"-?\d[\d,]*(?:\.\d+)?", cell)]
            if download.name.startswith(COUNTS):  # a count cites each row it counts
                assert len(sources) == shown[-1], f"{download.relative_to(content)}: {len(sources)} rows for {shown[-1]}"
            for source in sources:
                file, line = source.rsplit(":", 1)
                record = data_row(file, int(line))
                if record.get("value") and shown and not download.name.startswith(COUNTS):
                    value = float(record["value"])
                    assert any(abs(n - value) <= 0.051 or abs(n - value) <= 0.0051 * abs(value) for n in shown), (
                        f"{download.relative_to(content)}: {source} holds {value}, not shown in {row}")
                    checked += 1
    assert checked > 1000, f"only {checked} figures carried their source"
