"""CSV lines of the downloads: quoted as RFC 4180 says, and no cell a spreadsheet would run as a formula."""
import csv
import io

from eventcenter.services.gateway.web.contributions_csv import csv_line


def _read(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line)))


def test_commas_quotes_and_other_scripts_come_back_as_written():
    assert _read(csv_line(['Comma, "quoted" Ünïcödé 東京', 3])) == ['Comma, "quoted" Ünïcödé 東京', "3"]


def test_text_that_looks_like_a_formula_stays_text_and_numbers_stay_numbers():
    assert _read(csv_line(["=HYPERLINK(\"http://x\")", "@SUM(A1)", "-2+3", -120])) == [
        "'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'-2+3", "-120"]
