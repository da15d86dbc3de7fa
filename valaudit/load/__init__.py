"""Reading the user's files: the thesis YAML and the KPI tables (CSV, XLSX)."""
