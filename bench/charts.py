"""One PNG chart per benchmark (matplotlib, no screen needed): lines of (x, y) points, and optionally a second
set of lines on a right-hand axis."""
import pathlib

import matplotlib

matplotlib.use("Agg")  # files only: benchmarks run on machines without a display
import matplotlib.pyplot as plt  # noqa: E402


def save_chart(
    path: pathlib.Path,
    title: str,
    x_label: str,
    y_label: str,
    series: dict[str, list[tuple[float, float]]],
    secondary: dict[str, list[tuple[float, float]]] | None = None,
    secondary_label: str = "",
    bars: bool = False,
    log_y: bool = False,
) -> None:
    figure, axis = plt.subplots(figsize=(10, 5.5) if bars else (8, 4.5), dpi=110)
    for index, (name, points) in enumerate(series.items()):
        xs, ys = zip(*points, strict=False) if points else ((), ())
        if bars:
            width = 0.8 / max(len(series), 1)
            axis.bar([i + index * width for i in range(len(xs))], ys, width=width, label=name)
            axis.set_xticks([i + 0.4 - width / 2 for i in range(len(xs))], [str(x) for x in xs], rotation=35,
                            ha="right", fontsize="small")
        else:
            axis.plot(xs, ys, marker="o", label=name)
    if log_y:  # series orders of magnitude apart (a floor and what is measured against it)
        axis.set_yscale("log")
    axis.set_title(title)
    axis.set_xlabel(x_label)
    axis.set_ylabel(y_label)
    axis.grid(True, alpha=0.3)
    handles, labels = axis.get_legend_handles_labels()
    if secondary:
        right = axis.twinx()
        for name, points in secondary.items():
            xs, ys = zip(*points, strict=False) if points else ((), ())
            right.plot(xs, ys, linestyle="--", marker="x", label=name)
        right.set_ylabel(secondary_label)
        more_handles, more_labels = right.get_legend_handles_labels()
        handles, labels = handles + more_handles, labels + more_labels
    axis.legend(handles, labels, loc="best", fontsize="small")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
