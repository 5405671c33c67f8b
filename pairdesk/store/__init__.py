"""The encrypted vault: SQLCipher through SQLAlchemy 2, Alembic migrations, backups."""
