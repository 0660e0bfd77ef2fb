"""A server-rendered SVG chart of an event's edits and bytes added per day (no JavaScript, no external file).

`chart_svg` is pure: the same edits, days and labels give the same markup. Every text it writes is escaped."""
import datetime
from collections.abc import Iterable
from html import escape

MAX_DAYS = 92  # a longer event shows its last 92 days
WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 56, 28, 40
EDITS_COLOR, BYTES_COLOR = "#36c", "#14866d"


def daily_totals(edits: Iterable[tuple[datetime.datetime, int]], first_day: datetime.date,
                 last_day: datetime.date, zone: datetime.tzinfo = datetime.UTC) -> list[tuple[datetime.date, int, int]]:
    """(day, edits, bytes added) for each day from first_day to last_day (at most MAX_DAYS, the last ones), in the
    given zone. Bytes added counts positive deltas only; edits outside the days are left out."""
    if last_day < first_day:
        first_day, last_day = last_day, first_day
    first_day = max(first_day, last_day - datetime.timedelta(days=MAX_DAYS - 1))
    days = [first_day + datetime.timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    counts = {day: [0, 0] for day in days}
    for moment, bytes_delta in edits:
        day = moment.astimezone(zone).date() if moment.tzinfo else moment.date()
        if day in counts:
            counts[day][0] += 1
            counts[day][1] += max(bytes_delta, 0)
    return [(day, counts[day][0], counts[day][1]) for day in days]


def _y(value: int, top: int) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return HEIGHT - BOTTOM - (plot * value / top if top else 0)


def chart_svg(edits: Iterable[tuple[datetime.datetime, int]], first_day: datetime.date, last_day: datetime.date,
              title: str, edits_label: str, bytes_label: str, zone: datetime.tzinfo = datetime.UTC) -> str:
    """Bars: edits per day (left scale); line with points: bytes added per day (right scale)."""
    totals = daily_totals(edits, first_day, last_day, zone)
    most_edits = max((e for _, e, _ in totals), default=0)
    most_bytes = max((b for _, _, b in totals), default=0)
    plot_width = WIDTH - LEFT - RIGHT
    step = plot_width / len(totals)
    bar = max(step * 0.6, 1)
    label_every = max(1, round(len(totals) / 10))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="contribution-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#72777d"/>',
        f'<text x="{LEFT}" y="16" font-size="12" fill="{EDITS_COLOR}">{escape(edits_label)} ({most_edits})</text>',
        f'<text x="{WIDTH - RIGHT}" y="16" font-size="12" fill="{BYTES_COLOR}" text-anchor="end">'
        f'{escape(bytes_label)} ({most_bytes})</text>',
    ]
    points = []
    for index, (day, count, added) in enumerate(totals):
        x = LEFT + index * step
        y = _y(count, most_edits)
        parts.append(f'<rect class="edits" x="{x + (step - bar) / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                     f'height="{HEIGHT - BOTTOM - y:.1f}" fill="{EDITS_COLOR}">'
                     f'<title>{escape(day.isoformat())}: {escape(edits_label)} {count}, '
                     f'{escape(bytes_label)} {added}</title></rect>')
        points.append((x + step / 2, _y(added, most_bytes)))
        if index % label_every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="10" '
                         f'text-anchor="middle">{escape(day.strftime("%m-%d"))}</text>')
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts.append(f'<polyline class="bytes" points="{path}" fill="none" stroke="{BYTES_COLOR}" stroke-width="2"/>')
    parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{BYTES_COLOR}"/>' for x, y in points)
    parts.append("</svg>")
    return "".join(parts)
