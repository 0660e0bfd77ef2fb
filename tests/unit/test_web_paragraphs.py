"""Typed text in paragraphs, as the event page and the inbox show it."""
from eventcenter.services.gateway.web.render import paragraphs


def test_blank_lines_part_paragraphs_whatever_the_line_ends():
    assert paragraphs("A\r\n\r\nB") == ["A", "B"]  # what a browser's textarea sends
    assert paragraphs("A\n\nB\n \nC") == ["A", "B", "C"]
    assert paragraphs("A\r\nstill A\r\n\r\n\r\n  B  ") == ["A\nstill A", "B"]


def test_nothing_but_blanks_is_no_paragraph():
    assert paragraphs("") == [] and paragraphs("\r\n \r\n") == []
