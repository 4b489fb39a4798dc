"""The marts: running dbt, checking whether anything changed, publishing to BI."""
