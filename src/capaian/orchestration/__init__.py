"""What the DAGs need beyond the tasks themselves: Airflow's environment, shared defaults,
the dbt profile and the task bodies. DAG files in ``dags/`` only wire these together."""
