"""Storage for coaching: tips, tip-of-the-week schedules and counts (never draft text).

SQLAlchemy 2 models (:mod:`bot.store.models`), the workspace-scoped repository
(:mod:`bot.store.repository`), and alembic migrations shipped inside the package
(:mod:`bot.store.db`). Only ``serve`` imports this package, so ``check`` never loads SQLAlchemy.
"""
