"""The report as one self-contained HTML file that a finance lead can open, forward and print.

Nothing is fetched when the file is viewed: the styles are inline, the charts are inline SVG
(:mod:`valaudit.render.svg_chart`), there are no fonts, scripts or images, and a
Content-Security-Policy forbids loading anything should a later edit slip one in. The print
styles fit A4 portrait.

The page is the Jinja2 template ``templates/report.html.j2`` with the styles of
``templates/report.css``. Escaping is the default: every value the template writes goes through
:func:`~valaudit.render.svg_chart.esc` (HTML-escaped, control characters shown, no live URL),
except Markup — the styles, the SVG charts (which escape their own text) and the template's
own macros. Jinja2 is imported on the first HTML report, so other commands never load it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from valaudit.model.links import Link
from valaudit.model.report import KpiResult, Report
from valaudit.model.trajectory import Trajectory
from valaudit.render import svg_trajectory
from valaudit.render.effect_wording import effect_details
from valaudit.render.formatting import effect_text, money, money_range, number, percent, words
from valaudit.render.html_changes import CHANGE_GLOBALS
from valaudit.render.html_templates import environment as environment_for
from valaudit.render.html_templates import template_file
from valaudit.render.options import RenderOptions
from valaudit.render.svg_chart import kpi_chart
from valaudit.render.svg_scatter import LINK_TONE, link_scatter
from valaudit.render.wording import (
    ATTRIBUTION_WORDS,
    STATUS_MARK,
    STATUS_TONE,
    VERDICT_MARK,
    VERDICT_TONE,
    attributable_text,
    attribution_marker,
    chain_sentence,
    coverage_sentence,
    gap_figure,
    kpis_in_chain_order,
    money_rows,
    money_sentence,
    payback_sentence,
    return_header,
    return_rows,
    verdict_title,
)

if TYPE_CHECKING:
    import jinja2

TEMPLATE = "report.html.j2"
STYLES = "report.css"
#: Styles of the comparison and trajectory sections, in reports that have them.
CHANGES_STYLES = "changes.css"


def render_report(report: Report, options: RenderOptions) -> str:
    from markupsafe import Markup

    go_live, as_of = report.initiative.go_live, report.as_of

    def chart(kpi: KpiResult) -> Markup:
        tone = STATUS_TONE.get(kpi.status, "none")
        return Markup(kpi_chart(kpi, tone, go_live, as_of))  # its text is escaped there

    def scatter(link: Link) -> Markup:
        return Markup(link_scatter(link))  # its text is escaped there

    counterfactual_shown = any(
        point.counterfactual is not None for kpi in report.kpis for point in kpi.series
    )

    def trajectory_chart(trajectory: Trajectory) -> Markup:
        return Markup(svg_trajectory.trajectory_chart(trajectory, report.currency))

    return _template().render(
        report=report,
        options=options,
        chart=chart,
        scatter=scatter,
        link_tone=LINK_TONE,
        trajectory_chart=trajectory_chart,
        css=Markup(_source(STYLES)),
        counterfactual_shown=counterfactual_shown,
        changes_css=Markup(_source(CHANGES_STYLES)),
    )


def bar_width(progress: float) -> str:
    """The filled share of a progress bar, in whole percent (0 to 100)."""
    return f"{max(0.0, min(1.0, progress)) * 100:.0f}"


@cache
def _template() -> jinja2.Template:
    environment = environment_for(__package__)
    environment.globals.update(
        status_tone=STATUS_TONE,
        status_mark=STATUS_MARK,
        verdict_tone=VERDICT_TONE,
        verdict_mark=VERDICT_MARK,
        verdict_title=verdict_title,
        chain_sentence=chain_sentence,
        kpis_in_chain_order=kpis_in_chain_order,
        money_rows=money_rows,
        money_sentence=money_sentence,
        return_header=return_header,
        return_rows=return_rows,
        payback_sentence=payback_sentence,
        coverage_sentence=coverage_sentence,
        gap_figure=gap_figure,
        attributable_text=attributable_text,
        attribution_marker=attribution_marker,
        attribution_words=ATTRIBUTION_WORDS,
        money_range=money_range,
        words=words,
        number=number,
        percent=percent,
        money=money,
        effect_text=effect_text,
        effect_details=effect_details,
        bar_width=bar_width,
        **CHANGE_GLOBALS,
    )
    environment.filters["words"] = words
    return environment.get_template(TEMPLATE)


def _source(name: str) -> str:
    return template_file(__package__, name)
