"""The sample analysis reading a portal's database as one more returns source, and the URL of the database the
tests' portal runs on (SQLite always; PostgreSQL when DATABASE_URL names one)."""

import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import SAMPLE_DIR


def sample_reading_portal(folder: Path, url: str) -> Path:
    """A copy of the sample in `folder` whose analysis reads the portal at `url`; its analysis file."""
    analysis = folder / "sample"
    shutil.copytree(SAMPLE_DIR, analysis, ignore=shutil.ignore_patterns("out"))
    config = analysis / "analysis.yaml"
    text = config.read_text()
    config.write_text(text.replace("  returns: [returns/*.csv]", f"  returns: [returns/*.csv]\n  portal: {url}"))
    return config


def database_url(settings_dict: dict) -> str:
    """The URL of a Django database (its settings), as the analysis file's social_value.portal writes it."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user, password = settings_dict["USER"], settings_dict["PASSWORD"]
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    return f"postgresql://{user}:{password}@{host}:{port}/{settings_dict['NAME']}"


@contextmanager
def scratch_database(folder: Path):
    """A database URL of its own, for a test that runs the portal's commands: a new database on the PostgreSQL
    server DATABASE_URL names (dropped afterwards), else a SQLite file in `folder`."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'portal.sqlite3'}"
        return
    import psycopg

    server = base.rsplit("/", 1)[0]
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
