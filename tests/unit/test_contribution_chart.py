"""The contribution chart: per-day totals in the event's zone, one bar per day, every text escaped."""
import datetime
import xml.etree.ElementTree as ET

from eventcenter.services.gateway.web.contribution_chart import MAX_DAYS, chart_svg, daily_totals

UTC = datetime.UTC
D = datetime.date


def at(day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2030, 2, day, hour, tzinfo=UTC)


def test_daily_totals_count_edits_and_positive_bytes_per_day_of_the_event():
    edits = [(at(1), 100), (at(1, 13), -40), (at(3), 7), (at(5), 999)]  # the last is after the event
    assert daily_totals(edits, D(2030, 2, 1), D(2030, 2, 3)) == [
        (D(2030, 2, 1), 2, 100), (D(2030, 2, 2), 0, 0), (D(2030, 2, 3), 1, 7)]


def test_daily_totals_use_the_zone_given():
    tokyo = datetime.timezone(datetime.timedelta(hours=9))
    assert daily_totals([(at(1, 20), 5)], D(2030, 2, 1), D(2030, 2, 2), tokyo) == [
        (D(2030, 2, 1), 0, 0), (D(2030, 2, 2), 1, 5)]


def test_long_events_show_their_last_days_only():
    totals = daily_totals([], D(2029, 1, 1), D(2030, 2, 1))
    assert len(totals) == MAX_DAYS and totals[-1][0] == D(2030, 2, 1)


def test_the_svg_is_well_formed_with_a_bar_per_day_and_escaped_labels():
    svg = chart_svg([(at(1), 100), (at(2), 50)], D(2030, 2, 1), D(2030, 2, 4),
                    title='<script>alert("x")</script> & co', edits_label="Edits <b>", bytes_label="Bytes & more")
    assert "<script>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)  # parses: well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == ns + "svg" and root.get("role") == "img"
    assert root.find(ns + "title").text == '<script>alert("x")</script> & co'
    bars = root.findall(ns + "rect")
    assert len(bars) == 4
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[0] == heights[1] > 0 and heights[2] == heights[3] == 0
    assert bars[0].find(ns + "title").text == "2030-02-01: Edits <b> 1, Bytes & more 100"
    assert len(root.findall(ns + "circle")) == 4 and root.find(ns + "polyline") is not None


def test_an_event_without_edits_still_draws_its_days():
    root = ET.fromstring(chart_svg([], D(2030, 2, 1), D(2030, 2, 1), "t", "e", "b"))
    assert len(root.findall("{http://www.w3.org/2000/svg}rect")) == 1
