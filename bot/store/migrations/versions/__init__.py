"""Schema revisions, oldest first: each one upgrades a database made by the one before."""
