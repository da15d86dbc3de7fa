"""valaudit: audit where an investment's value leaks between implementation and results.

The package flows one way: ``load`` reads the thesis and the KPI tables, ``validate``
checks them and collects located problems, ``analyse`` turns valid inputs into one
report model, and ``render`` turns that model into each output format. ``cli`` is the
only module that talks to the terminal or decides exit codes.
"""

__version__ = "0.1.0"
