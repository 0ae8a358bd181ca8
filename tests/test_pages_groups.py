"""The community group pages of the bundled build (generator/pages/groups.py and ethnicity.py): every ICS x
group page is linked from its ICS page and its group's national page, an ICS page shows who lives there by
ethnic group against England, and every ethnic group page compares its people across today's systems."""
import html
import re

from generator import paths
from generator.load import load_dataset
from generator.pages import common
from generator.reference import Reference

from built_pages import _figure, _ics_page, _pages


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
