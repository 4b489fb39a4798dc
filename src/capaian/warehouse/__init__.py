"""The PostgreSQL warehouse: where it is, the embedded server, and its schema migrations."""
