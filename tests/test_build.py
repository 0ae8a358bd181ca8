"""End to end: the bundled data builds a site with every page type, twice identically, and bad data
builds nothing."""
import html
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import paths
from generator.load import load_dataset
from generator.pages import common
from generator.publish import build_site
from generator.reference import Reference

ENGLAND = "E92000001"
SOURCE_CELL = r'<td class="source">.*?</td>'  # the file and line of a chart table's row, last


@pytest.fixture(scope="module")
def built(site_build):
    """The generated pages of the bundled data (a scratch content folder) and the site built from them."""
    return site_build.content, site_build.site


def _ics_page(code: str) -> str:
    """The page of an ICS, from the reference areas (common.ics_folders decides the folder)."""
    return common.ics_page(common.ics_folders(load_dataset().reference.tables["areas"].to_dict("records"))[code])


def _pages(content: Path) -> dict[str, str]:
    return {p.relative_to(content).as_posix(): p.read_text(encoding="utf-8") for p in content.rglob("*.md")}


def test_every_real_ics_has_a_page_with_chart_summary_and_table(built):
    content, _ = built
    dataset = load_dataset()
    pages = _pages(content)
    real = [p for p in dataset.packages if p.area_code != ENGLAND and not p.illustrative]
    assert len(real) == 42 + 7  # the ICBs of 2024 (13 of them ended in March 2026) and the 7 formed in April 2026
    areas = dataset.reference.tables["areas"].set_index("area_code")
    for package in real:
        page = pages[_ics_page(package.area_code)]
        assert areas.loc[package.area_code, "short_name"] in page
        figures = re.findall(r'<figure class="chart".*?</figure>', page, flags=re.S)
        assert figures, f"{package.area_code}: no chart"
        for figure in figures:
            assert "<figcaption>" in figure and 'class="chart-summary">' in figure and "<table>" in figure
            assert re.search(r'<p class="chart-summary">[^<]{20,}</p>', figure), "summary sentence missing"


def test_every_group_indicator_and_framework_page_exists(built):
    content, _ = built
    dataset = load_dataset()
    pages = _pages(content)
    for group_id in dataset.reference.tables["community_groups"].group_id:
        assert common.group_page(group_id) in pages
    for indicator_id in dataset.reference.tables["indicators"].indicator_id:
        assert common.indicator_page(indicator_id) in pages
    assert "framework/index.md" in pages and "index.md" in pages and "ics/index.md" in pages


def test_real_ics_pages_say_no_assessment_is_published_yet(built):
    content, _ = built
    page = _pages(content)["ics/black-country/index.md"]
    assert "This system&#39;s self-assessment is not published in this site&#39;s format yet." in page
    assert 'href="../../contribute/"' in page


def test_front_matter_comes_first_so_mkdocs_reads_it_instead_of_showing_it(built):
    content, _ = built
    for name, page in _pages(content).items():
        if re.search(r"^---\n(?:\w+: .*\n)+---\n", page, flags=re.M):
            assert page.startswith("---\n"), f"{name}: front matter after other text is shown on the page"


def test_chart_ids_are_unique_within_each_page(built):
    content, _ = built
    for name, page in _pages(content).items():
        ids = re.findall(r'id="(chart-[^"]+)"', page)
        assert len(ids) == len(set(ids)), f"{name}: duplicate chart ids"


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


def test_a_second_build_is_byte_identical(built, tmp_path):
    content, _ = built
    again = tmp_path / "content"
    assert build_site(content_dir=again, run_mkdocs=False) == 0
    first = {p.relative_to(content): p.read_bytes() for p in content.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_invalid_data_builds_nothing_and_leaves_the_site_untouched(tmp_path):
    data = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, data)
    observations = data / "E54000062" / "observations.csv"
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(",published,", ",published_maybe,", 1)
    observations.write_text("".join(lines), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    result = subprocess.run([sys.executable, "-c", (
        "import sys; from pathlib import Path; from generator.publish import build_site; "
        f"sys.exit(build_site(site_dir=Path({str(site)!r}), root=Path({str(data)!r}), content_dir=Path({str(content)!r})))")],
        cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "E54000062/observations.csv" in result.stderr and "line 5" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    assert list(content.iterdir()) == []


def test_no_page_shows_invented_figures_without_the_banner(built):
    content, _ = built
    pages = _pages(content)
    example_pages = [name for name in pages if name.startswith("ics/example-ics-fictional/")]
    assert len(example_pages) >= 2
    for name, page in pages.items():
        shows_example = name in example_pages or "Example ICS (fictional)" in page
        if shows_example and name != "index.md":  # the home page only links to it, with "invented figures" in the link
            assert "illustrative-banner" in page, f"{name} shows the Example ICS without the banner"


def test_the_example_is_left_out_of_comparisons_between_systems(built):
    content, _ = built
    pages = _pages(content)
    for name in ("groups/core20.md", "indicators/smi-health-checks.md", "indicators/core20-neighbourhoods.md"):
        figures = re.findall(r'<figure class="chart".*?</figure>', pages[name], flags=re.S)
        assert figures, name
        for figure in figures:
            assert "Example ICS" not in figure, name
        lists = re.findall(r'<ul class="ics-list">.*?</ul>', pages[name], flags=re.S)
        assert all("Example ICS" not in found for found in lists), name


def test_every_ics_group_page_is_linked_from_both_parents(built):
    """An ICS x group page is reachable from its ICS page and from the group's national page; the Example's
    pages are linked from the national page only in its own section, under the banner."""
    content, _ = built
    pages = _pages(content)
    pairs = [name for name in pages if re.fullmatch(r"ics/[^/]+/[^/]+\.md", name) and not name.endswith("/index.md")]
    groups = load_dataset().reference.tables["community_groups"]
    names = {common.slug(g.group_id): g["name"] for _, g in groups.iterrows()}
    assert any(name.startswith("ics/example-ics-fictional/") for name in pairs)
    assert any(not name.startswith("ics/example-ics-fictional/") for name in pairs)
    for name in pairs:
        ics_dir, group_file = name.split("/")[1], name.split("/")[2]
        group = group_file.removesuffix(".md")
        assert f'href="{group}/"' in pages[f"ics/{ics_dir}/index.md"], f"ics/{ics_dir}/index.md does not link to {name}"
        lead = re.search(r'<p class="lead">(.*?)</p>', pages[name], flags=re.S).group(1)
        assert names[group] in html.unescape(lead), f"{name}: the lead does not name the group"
        national = pages[f"groups/{group}.md"]
        link = f'href="../../ics/{ics_dir}/{group}/"'
        assert link in national, f"groups/{group}.md does not link to {name}"
        if ics_dir == "example-ics-fictional":
            section = national[national.index("the fictional Example ICS"):]
            assert "illustrative-banner" in section and link in section


def _figure(page: str, chart_suffix: str) -> str:
    found = re.search(rf'<figure class="chart" id="chart-[^"]*-{re.escape(chart_suffix)}".*?</figure>', page, flags=re.S)
    assert found, f"no figure ending in {chart_suffix!r}"
    return found.group(0)


def test_indicator_page_shows_englands_deprivation_gradient_with_its_slope_index(built):
    """The life expectancy page's SII for men is the population-weighted regression slope of the bundled
    ONS tenths (equal populations), worked out here independently with numpy."""
    import numpy as np
    import pandas as pd

    content, _ = built
    page = _pages(content)[common.indicator_page("life_expectancy")]
    obs = pd.read_csv(paths.DATAPACKAGES / ENGLAND / "observations.csv")
    tenths = obs[(obs.indicator_id == "life_expectancy") & (obs.sex == "male") & obs.breakdown.str.startswith("ons_imd_d")]
    tenths = tenths[tenths.period == tenths.period.max()]
    tenths = tenths.assign(order=tenths.breakdown.str.extract(r"(\d+)$")[0].astype(int)).sort_values("order")
    assert len(tenths) == 10
    ranks = (np.arange(10) + 0.5) / 10  # midpoints of equal shares, most deprived first
    slope = np.polyfit(ranks, tenths.value.to_numpy(), 1)[0]
    figure = _figure(page, "england-ons-imd-decile-male")
    assert "<table>" in figure and figure.count("<tr>") == 11  # header + 10 tenths
    assert f"men in the most deprived areas is {slope:.1f} years lower than in the least deprived" in page
    assert "relative index of inequality" in page


def test_indicator_page_ranks_systems_by_their_gap_when_no_whole_system_figure_exists(built):
    content, _ = built
    page = _pages(content)[common.indicator_page("hypertension_prevalence")]
    figure = _figure(page, "ics-gaps")
    assert figure.count("<tr>") == 43  # header + the 42 systems of 2024 its figures are published for, not the Example
    assert "in force from 1 April 2023 to 31 March 2026, because these figures are published for their boundaries" in page
    assert "Example" not in figure
    assert re.search(r"percentage points (higher|lower) in ", figure)


def test_indicator_page_counts_each_systems_places_by_the_sources_comparison(built):
    """Life expectancy is published for local authorities only: the page counts, per system, the authorities
    Fingertips found better, similar or worse than England, which we recount here from the CSV files."""
    import csv
    content, _ = built
    page = _pages(content)[common.indicator_page("life_expectancy")]
    figure = _figure(page, "places-compared-female")
    areas = load_dataset().reference.tables["areas"].set_index("area_code")
    header = re.findall(r'<th scope="col">([^<]+)</th>', figure)
    assert header[-1] == common.SOURCE_COLUMN  # each system's counts cite the rows they count
    header = header[:-1]
    assert header[0] == "Integrated care system" and header[-1] == "Local authorities"
    shown = {row[0]: dict(zip(header[1:], map(int, row[1:])))
             for row in (re.findall(r"<t[hd][^>]*>([^<]+)</t[hd]>", tr) for tr in re.findall(r"<tr><th scope=\"row\">.*?</tr>", figure))}
    assert len(shown) == 36 and "Example ICS (fictional)" not in shown  # places are counted in today's systems
    assert "Compared across the 36 integrated care systems in force since 1 April 2026." in page
    code = "E54000037"
    with open(paths.DATAPACKAGES / code / "observations.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["indicator_id"] == "life_expectancy" and r["sex"] == "female"
                and r["breakdown"] == "total" and r["area_code"] != code]
    latest = max(r["period"] for r in rows)
    expected: dict[str, int] = {}
    for r in rows:
        if r["period"] == latest:
            label = r["published_comparison"] or "Not compared"
            expected[label] = expected.get(label, 0) + 1
    devon = shown[areas.loc[code, "short_name"]]
    assert {k: v for k, v in devon.items() if k != "Local authorities" and v} == expected
    assert devon["Local authorities"] == sum(expected.values())
    assert f"In {latest}, for women, counting the local authorities of every system: " in figure


def test_ics_page_plots_life_expectancy_in_each_place_with_the_range_in_words(built):
    import csv
    content, _ = built
    dataset = load_dataset()
    areas = dataset.reference.tables["areas"].set_index("area_code")
    code = "E54000057"  # Greater Manchester: ten places, all wholly inside it
    with open(paths.DATAPACKAGES / code / "places.csv", encoding="utf-8", newline="") as handle:
        places = {r["area_code"] for r in csv.DictReader(handle)}
    with open(paths.DATAPACKAGES / code / "observations.csv", encoding="utf-8", newline="") as handle:
        men = [r for r in csv.DictReader(handle) if r["indicator_id"] == "life_expectancy" and r["sex"] == "male"
               and r["area_code"] in places]
    latest = max(r["period"] for r in men)
    values = sorted((float(r["value"]), areas.loc[r["area_code"], "name"]) for r in men if r["period"] == latest)
    page = _pages(content)[_ics_page(code)]
    figure = _figure(page, "places-life-expectancy")
    assert figure.count('<th scope="row">') == len(places) == 10
    (low, low_name), (high, high_name) = values[0], values[-1]
    assert (f"In {latest}, men's life expectancy ranges from {low:.1f} years in {low_name} to {high:.1f} years "
            f"in {high_name}, a gap of {high - low:.1f} years.") in html.unescape(figure)


def test_indicator_page_maps_each_systems_comparison_with_england(built):
    content, _ = built
    page = _pages(content)[common.indicator_page("smi_health_checks")]
    figure = _figure(page, "ics-map")
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td>(' + SOURCE_CELL + ')</tr>', figure)
    assert len(rows) == 42
    assert {label for _, label, _ in rows} <= {"Better", "Similar", "Worse", "Not compared"}
    ranked = re.findall(r'<tr><th scope="row">([^<]+)</th><td>[^<]*</td><td>[^<]*</td><td>([^<]+)</td>(' + SOURCE_CELL
                        + ')</tr>', _figure(page, "ics-compared"))
    # The map says the same as the ranked chart, and cites the same row for each system.
    assert {name: (label, source) for name, label, source in ranked} == {
        name: (label, source) for name, label, source in rows}


def test_example_ics_page_shows_its_ratings_as_a_maturity_grid(built):
    """Every published rating of the Example ICS is in the grid's table at its level; unrated topics say so."""
    import pandas as pd

    content, _ = built
    dataset = load_dataset()
    example = next(p for p in dataset.packages if p.illustrative)
    page = _pages(content)[_ics_page(example.area_code)]
    figure = _figure(page, "maturity")
    rows = re.findall(r'<tr><th scope="row">[^<]+</th><td>([^<]+)</td><td>([^<]+)</td>' + SOURCE_CELL + '</tr>', figure)
    levels = dict(zip(dataset.reference.tables["maturity_levels"].level, dataset.reference.tables["maturity_levels"].name))
    ratings = pd.read_csv(paths.DATAPACKAGES / example.area_code / "ratings.csv", dtype=str)
    shown = {topic.split(" ")[0] if not topic.startswith("Phase") else topic.split(" ")[1].rstrip(":"): level
             for topic, level in rows}
    for rating in ratings.itertuples():
        assert shown[rating.subtopic_code] == levels[rating.level], rating.subtopic_code
    assert len(rows) > len(ratings) and "Not rated" in {level for _, level in rows}


def test_navigation_lists_every_system_under_its_region_and_the_example_apart():
    import yaml

    from generator.pages.nav import site_nav

    dataset = load_dataset()
    areas = dataset.reference.tables["areas"].set_index("area_code")
    base = yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"))["nav"]
    nav = site_nav(dataset, base)
    section = next(entry for entry in nav if "ics/index.md" in str(entry))
    (_, children), = section.items()
    assert children[0] == {"All systems": "ics/index.md"}
    placed = {next(iter(page.values())): region for child in children[1:] for region, pages in child.items() for page in pages}
    icbs = areas[areas.area_type == "icb"]
    assert len(placed) == len(icbs) == 42 + 7 + 1  # 2024's, 2026's new ones, the Example
    for code, icb in icbs.iterrows():
        expected = ("Example (invented data)" if icb.is_fictional else "Former systems" if icb.valid_to
                    else areas.loc[icb.parent_code, "short_name"])
        assert placed[_ics_page(code)] == expected, icb.short_name
    assert sum(region not in ("Former systems", "Example (invented data)") for region in placed.values()) == 36
    assert list(children[-2]) == ["Former systems"] and len(children[-2]["Former systems"]) == 13
    assert list(children[-1]) == ["Example (invented data)"], "the Example comes last, after the regions"
    titles = [title for entry in nav for title in entry]
    assert titles == [title for entry in base for title in entry], "the menu keeps mkdocs.yml's order"


def test_region_figures_are_the_sums_of_their_systems_and_ics_pages_show_them(built):
    import pandas as pd

    content, _ = built
    dataset = load_dataset()
    areas = dataset.reference.tables["areas"].set_index("area_code")
    national = dataset.package(ENGLAND).table("observations")
    regions = national[national.area_code.map(areas.area_type) == "nhs_region"]
    assert set(regions.indicator_id) == {"smi_health_checks", "core20_neighbourhoods"}
    assert regions.area_code.nunique() == 7
    systems = pd.concat([p.table("observations") for p in dataset.packages
                         if areas.loc[p.area_code, "area_type"] == "icb" and not p.illustrative])
    systems = systems[systems.area_code.isin(areas.index) & (systems.breakdown == "total")]
    systems = systems.assign(region=systems.area_code.map(areas.parent_code))
    # Regions did not change in April 2026: their sums are the same over the systems of 2024 and, where every
    # system of today has the figure (Core20), over those of today.
    for day in ("2026-03-31", "2026-04-01"):
        in_force = set(areas.index[(areas.area_type == "icb") & (areas.valid_from <= day)
                                   & ((areas.valid_to == "") | (areas.valid_to >= day))])
        for row in regions.itertuples():
            if day == "2026-04-01" and row.indicator_id != "core20_neighbourhoods":
                continue
            members = systems[(systems.region == row.area_code) & (systems.indicator_id == row.indicator_id)
                              & (systems.period == row.period) & systems.area_code.isin(in_force)]
            assert len(members) == ((areas.parent_code == row.area_code) & areas.index.isin(in_force)).sum()
            assert (row.count, row.denominator) == (members["count"].sum(), members.denominator.sum()), (day, row)
    page = _pages(content)["ics/black-country/index.md"]
    midlands = regions[(regions.area_code == areas.loc["E54000062", "parent_code"]) & (regions.indicator_id == "smi_health_checks")]
    latest = midlands.sort_values("period").iloc[-1]
    assert '<th scope="col">Region</th>' in page and f"<td>{latest.value:.1f}%</td>" in page


def test_the_sitemap_is_dated_by_the_last_commit_not_the_clock(built):
    """The same commit builds the same site: mkdocs dates the sitemap with SOURCE_DATE_EPOCH, which the
    build takes from git."""
    committed = subprocess.run(["git", "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d"],
                               cwd=paths.ROOT, capture_output=True, text=True, env={"TZ": "UTC", "PATH": "/usr/bin:/bin"})
    if committed.returncode or not committed.stdout.strip():
        pytest.skip("no git history here to date the build by")
    _, site = built
    dates = set(re.findall(r"<lastmod>([^<]*)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    assert dates == {committed.stdout.strip()}


def test_former_and_new_systems_link_to_each_other_with_the_share_of_residents(built):
    content, _ = built
    pages = _pages(content)
    ref = Reference.of(load_dataset())
    frimley = pages[_ics_page("E54000034")]
    lineage = re.search(r'<div class="admonition warning lineage".*?</div>', frimley, flags=re.S).group(0)
    assert "On 1 April 2026 Frimley integrated care system became part of:" in lineage
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>: (\d+)% of its residents', lineage)
    assert [(name, int(share)) for _, name, share in links] == [("Thames Valley", 57), ("Hampshire and Isle of Wight", 23),
                                                                ("Surrey and Sussex", 20)]
    for href, _, _ in links:  # each successor's page exists where the link points
        assert posixpath.normpath(posixpath.join("ics/frimley", href)) + "/index.md" in pages
    assert "title: Frimley integrated care system (until 31 March 2026)\n" in frimley
    for code, rows in ref.area_changes.groupby("successor_code"):
        page = pages[_ics_page(code)]
        formed = re.search(r'<div class="admonition info lineage".*?</div>', page, flags=re.S).group(0)
        assert "was formed on 1 April 2026 from:" in formed
        assert formed.count("<li><a href=") == len(rows), code
        if code in ("E54000069", "E54000070"):
            assert "no exact figure for it and none is estimated" in page


def test_find_your_ics_lists_todays_36_systems_and_the_former_ones_apart(built):
    content, _ = built
    page = _pages(content)["ics/index.md"]
    current, former = page.split("## Former systems")
    assert "England has 36 integrated care systems since 1 April 2026." in current
    assert current.count("<li><a href=") == 36 and "Frimley" not in current
    assert former.count("<li><a href=") == 13
    assert "Frimley</a>: until 31 March 2026, now part of Thames Valley, Hampshire and Isle of Wight and Surrey and Sussex" in former
    home = _pages(content)["index.md"]
    assert "Map of England&#39;s 36 integrated care systems" in home or "Map of England's 36 integrated care systems" in home


def test_ics_page_shows_who_lives_here_against_england_with_every_detailed_group(built):
    import csv
    content, _ = built
    page = _pages(content)[_ics_page("E54000054")]  # West Yorkshire
    figure = _figure(page, "ethnic-group")
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td>', figure)
    assert len(rows) == 5 + 19
    with open(paths.DATAPACKAGES / "E54000054" / "observations.csv", encoding="utf-8", newline="") as handle:
        pakistani = next(r for r in csv.DictReader(handle) if r["indicator_id"] == "residents_by_ethnic_group"
                         and r["area_code"] == "E54000054" and r["breakdown"] == "eth19_pakistani")
    assert ("Asian, Asian British or Asian Welsh", "Pakistani", f"{int(pakistani['count']):,}") in rows
    assert "residents here by ethnic group were: Asian, Asian British or Asian Welsh" in html.unescape(figure)
    deprivation = html.unescape(_figure(page, "ethnic-group-core20"))
    assert "not people who are deprived" in deprivation and "<th scope=\"row\">Everyone</th>" in deprivation
    places = re.search(r'<caption>Residents of each place by ethnic group, Census 2021.*?</table>', page, flags=re.S).group(0)
    with open(paths.DATAPACKAGES / "E54000054" / "places.csv", encoding="utf-8", newline="") as handle:
        assert places.count('<tr><th scope="row">') == len(list(csv.DictReader(handle))) + 1  # and England, last
    assert '<tr><th scope="row">England</th><td>56,490,108</td>' in places


def test_every_ethnic_group_page_compares_its_people_across_todays_systems(built):
    content, _ = built
    pages = _pages(content)
    ref = Reference.of(load_dataset())
    for group_id in ("asian_communities", "black_communities", "mixed_ethnic_groups", "other_ethnic_groups",
                     "gypsy_roma_traveller"):
        page = pages[common.group_page(group_id)]
        assert "does not break indicators down for this group yet" not in page, group_id
        assert "Compared across the 36 integrated care systems in force since 1 April 2026." in page, group_id
        for category in ref.groups.loc[group_id, "category_ids"].split(";"):
            shares = _figure(page, f"{common.slug(category)}-share-by-ics")
            assert shares.count('<tr><th scope="row">') == 36, (group_id, category)
            core20 = html.unescape(_figure(page, f"{common.slug(category)}-core20-by-ics"))
            assert core20.count('<tr><th scope="row">') == 36 and "not people who are deprived" in core20
    assert "Roma" in pages[common.group_page("gypsy_roma_traveller")]


def test_invalid_data_that_breaks_the_pages_is_reported_as_invalid_data(example_copy, tmp_path, capsys):
    """Pages are made while the rows are checked: data that makes a page fail is still reported by the
    validator, file and line, not as a fault of the generator."""
    observations = example_copy / "X54000099" / "observations.csv"
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("cervical_screening_25_49,", "no_such_indicator,", 1)
    observations.write_text("".join(lines), encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(site_dir=site, root=example_copy, content_dir=tmp_path / "content") == 1
    error = capsys.readouterr().err
    assert "line 2" in error and "no_such_indicator" in error and "fix the problems above first" in error
    assert "unexpected error" not in error and "Traceback" not in error
    assert not site.exists()


def test_a_file_outside_its_package_is_never_read(example_copy, tmp_path, capsys, monkeypatch):
    """When a package lists a file it must not read, the data is validated before anything reads it."""
    import generator.load

    descriptor = example_copy / "X54000099" / paths.DESCRIPTOR
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace('"places.csv"', '"../../places.csv"', 1),
                          encoding="utf-8")
    monkeypatch.setattr(generator.load, "load_dataset", lambda root: pytest.fail("the data was read"))
    assert build_site(site_dir=tmp_path / "site", root=example_copy, content_dir=tmp_path / "content") == 1
    assert "outside the package folder" in capsys.readouterr().err
