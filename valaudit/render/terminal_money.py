"""The money section of the terminal report, drawn on the report's builder."""

from __future__ import annotations

from valaudit.model.report import Money
from valaudit.render.formatting import money, money_range, percent, words
from valaudit.render.terminal_changes import Drawing
from valaudit.render.wording import money_rows, payback_sentence, return_header, return_rows


def draw_money(out: Drawing, m: Money, width: int) -> None:
    """The money section: the figures, the returns on each basis, payback and benefit lines."""
    from rich.table import Table

    c = m.currency
    out.heading(f"Money ({c})")
    wide = width >= 100
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    if wide:
        table.add_column(style="dim")
    for label, amount, note in money_rows(m):
        table.add_row(label, amount, note) if wide else table.add_row(label, amount)
    out.console.print(table)
    rows = return_rows(m)
    if rows:
        returns = Table(
            box=None, show_header=True, header_style="bold", pad_edge=False,
            padding=(0, 2, 0, 0),
        )  # fmt: skip
        for index, title in enumerate(return_header(m)):
            # Two-line headers and a folding label keep every amount whole at 80 columns.
            title = title.replace(" (", "\n(").replace("the evidence", "the\nevidence")
            if index:
                returns.add_column(title, justify="right", no_wrap=True)
            else:
                returns.add_column(title, overflow="fold", min_width=16)
        for row in rows:
            returns.add_row(*row)
        out.console.print()
        out.console.print(returns)
    out.console.print(out.text(payback_sentence(m)))
    for note in m.notes:
        out.console.print(out.text(f"⚠ {note}", "yellow"))
    if m.benefits:
        lines = Table(
            box=None,
            show_header=True,
            header_style="bold",
            pad_edge=False,
            padding=(0, 2, 0, 0),
        )
        lines.add_column("Benefit line", ratio=1, overflow="fold")
        lines.add_column("Type", overflow="fold")
        lines.add_column("Expected/yr", justify="right", no_wrap=True)
        lines.add_column("Attributable/yr", justify="right", no_wrap=True)
        lines.add_column("Observed/yr", justify="right", no_wrap=True)
        for b in m.benefits:
            attributable = money(b.annual_realized_attributable, c)
            if b.annual_realized_range is not None:
                span = b.annual_realized_range
                attributable += f"\n{money_range(span.low, span.high, c)}"
            lines.add_row(
                out.text(b.name),
                words(b.type) + (f"\nat {percent(b.margin)}" if b.margin is not None else ""),
                money(b.annual_expected, c),
                attributable,
                money(b.annual_realized_observed, c),
            )
        out.console.print()
        out.console.print(lines)
