"""Checking the inputs: the thesis against its schema and rules, the tables against the thesis."""
