"""What the Dagster UI shows of each mart's materialisation: headline figures formatted, columns with meanings, a
preview of the first rows as reports write them, and the quality page's link."""

from dagster import TableSchema

from assets.metadata import markdown_table, share_bars
from tests.helpers import metadata


def test_the_headline_mart_shows_its_figures_formatted_and_a_bar_per_year(sample_run):
    _, result = sample_run
    entries = {
        name: metadata(result, "mart_local_spend_by_year", name)
        for name in ("latest year", "total spend (all)", "home share (all)", "home + region share (all)",
                     "home-share target")
    }  # fmt: skip
    assert entries == {
        "latest year": "2021/22",
        "total spend (all)": "£14,295,835.31",  # the README's headline table
        "home share (all)": "39.1%",
        "home + region share (all)": "63.7%",
        "home-share target": "45.0%",
    }
    bars = metadata(result, "mart_local_spend_by_year", "home share by year (all spend)").splitlines()
    assert [line.split("`")[1] for line in bars] == ["2018/19", "2019/20 (baseline)", "2020/21", "2021/22"]
    assert bars[1].endswith("42.1%  ") and bars[1].count("█") == 30  # the largest share fills the bar


def test_every_mart_shows_its_columns_with_their_meanings_and_a_formatted_preview(sample_run):
    _, result = sample_run
    marts = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    marts = {m for m in marts if m.startswith("mart_")}
    assert len(marts) == 21
    for mart in marts:
        schema = metadata(result, mart, "dagster/column_schema")
        assert isinstance(schema, TableSchema)
        assert [c.name for c in schema.columns if not c.description] == [], mart
        assert metadata(result, mart, "rows") >= 0
    schema = metadata(result, "mart_local_spend_by_year", "dagster/column_schema")
    home = next(c for c in schema.columns if c.name == "home_spend")
    assert (home.type, home.description) == (
        "DECIMAL(18,2)",
        'Spend with suppliers placed in the home area ("based or branched") (£).',
    )
    preview = metadata(result, "mart_local_spend_by_year", "preview")
    assert "| 2019/20 | all | 900 | £14,803,960.10 | £6,233,818.07 |" in preview
    assert metadata(result, "mart_ingest_quality", "report").startswith("file://")
    assert metadata(result, "mart_ingest_quality", "report").endswith("/ingest_quality_report.html")
    assert metadata(result, "mart_ingest_quality", "loaded_amount") == "£57,597,180.06"


def test_markdown_cells_are_kept_short_and_pipes_escaped():
    table = markdown_table(["a", "b"], [["x|y", "z" * 70]])
    assert table.splitlines()[2] == "| x\\|y | " + "z" * 59 + "… |"
    assert share_bars([("a", 0.5), ("b", None)], width=4).splitlines() == ["`a` `████` 50.0%  ", "`b` `    `   "]


def test_the_other_marts_show_their_headline_figures(sample_run):
    _, result = sample_run
    assert metadata(result, "mart_top_suppliers_summary", "the top suppliers' home share (all), 2021/22") == "34.8%"
    assert metadata(result, "mart_living_wage", "share with accredited employers (all), 2021/22") == "4.4%"
    assert metadata(result, "mart_quote_compliance_by_year", "exercises with a local invitee, 2020/21") == "100.0%"
    assert metadata(result, "mart_lm3", "LM3 2019/20 (home, all spend)") == "1.43, surveys cover 2.8% of R2"
    money = [metadata(result, "mart_contract_social_value", k) for k in ("committed", "delivered", "verified")]
    assert money == ["£41,500.00", "£36,550.00", "£29,625.00"]  # as the headline says them
    bars = metadata(result, "mart_living_wage", "share with accredited employers (all) by year").splitlines()
    assert [line.split("`")[1] for line in bars] == ["2018/19", "2019/20", "2020/21", "2021/22"]
