"""The bodies of the DAGs' Python tasks."""
