"""Where meetings are kept: the SQLite database, its schema, its locks, the recording."""
