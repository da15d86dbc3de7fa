"""Plain data passed between the steps: the thesis, the validation result, the report."""
