"""Portfolio output formats: one module per format, registered in :mod:`valaudit.render`.

A portfolio renderer implements ``render_portfolio(portfolio, options) -> str | bytes`` and,
like the report renderers, never prints, exits or opens a file.
"""
