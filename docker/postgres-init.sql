-- Runs once when the compose PostgreSQL is created: Airflow's metadata database beside the
-- warehouse (Capaian's convention: <warehouse database>_airflow).
create database capaian_airflow owner capaian;
