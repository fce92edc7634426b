"""Alembic migrations, shipped inside the package (see ``bot.store.db.upgrade``)."""
