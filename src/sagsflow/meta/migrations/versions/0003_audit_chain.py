"""A hash chain over the audit log: ``prev_hash`` and ``entry_hash`` on every entry (existing entries are chained
in id order) and the chain's head in ``audit_chain`` (random genesis value per database); login throttling per
account and per address in ``login_throttle``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sagsflow.meta.audit import entry_digest, genesis_value
    from sagsflow.meta.models import UTCDateTime

    bind = op.get_bind()
    _drop_append_only(bind.dialect.name)
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("genesis", sa.String(64), nullable=False),
        sa.Column("head_id", sa.Integer),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("n_entries", sa.Integer, nullable=False),
    )
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("entry_hash", sa.String(64), nullable=True))

    log = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("time", UTCDateTime()),
                   sa.column("user_id", sa.Integer), sa.column("username", sa.String),
                   sa.column("municipality_id", sa.Integer), sa.column("action", sa.String),
                   sa.column("object_type", sa.String), sa.column("object_id", sa.String),
                   sa.column("details", sa.JSON), sa.column("ip", sa.String),
                   sa.column("prev_hash", sa.String), sa.column("entry_hash", sa.String))
    genesis = genesis_value(secrets.token_hex(32))
    prev, head_id, n, last = genesis, None, 0, 0
    while True:  # the existing entries, chained in id order (batches: bounded memory)
        rows = bind.execute(sa.select(log).where(log.c.id > last).order_by(log.c.id).limit(5000)).mappings().all()
        if not rows:
            break
        for r in rows:
            h = entry_digest(prev, time=r["time"], user_id=r["user_id"], username=r["username"],
                             municipality_id=r["municipality_id"], action=r["action"], object_type=r["object_type"],
                             object_id=r["object_id"], details=r["details"], ip=r["ip"])
            bind.execute(log.update().where(log.c.id == r["id"]).values(prev_hash=prev, entry_hash=h))
            prev, head_id, n = h, r["id"], n + 1
        last = rows[-1]["id"]
    bind.execute(sa.table("audit_chain", sa.column("id"), sa.column("genesis"), sa.column("head_id"),
                          sa.column("head_hash"), sa.column("n_entries")).insert()
                 .values(id=1, genesis=genesis, head_id=head_id, head_hash=prev, n_entries=n))
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("entry_hash", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint("uq_audit_log_entry_hash", ["entry_hash"])
    _append_only(bind.dialect.name)
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
    )


def _drop_append_only(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")


def _append_only(dialect: str) -> None:
    """The database refuses changes to the log, deleting the chain's head, and moving the head backwards."""
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
        op.execute("CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain "
                   "BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END")
        op.execute("CREATE TRIGGER audit_chain_forward_only BEFORE UPDATE ON audit_chain "
                   "WHEN NEW.n_entries < OLD.n_entries OR NEW.genesis <> OLD.genesis OR NEW.id <> OLD.id "
                   "BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END")
    elif dialect == "postgresql":
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
        op.execute(
            "CREATE FUNCTION audit_chain_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP <> 'UPDATE' OR NEW.n_entries < OLD.n_entries OR NEW.genesis <> OLD.genesis "
            "OR NEW.id <> OLD.id THEN RAISE EXCEPTION 'audit_chain is append-only'; END IF; RETURN NEW; END $$"
        )
        op.execute("CREATE TRIGGER audit_chain_forward_only BEFORE UPDATE OR DELETE ON audit_chain "
                   "FOR EACH ROW EXECUTE FUNCTION audit_chain_forward_only()")
        op.execute("CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_table("login_throttle")
    _drop_append_only(dialect)
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_chain_no_delete")
        op.execute("DROP TRIGGER IF EXISTS audit_chain_forward_only")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_chain_forward_only ON audit_chain")
        op.execute("DROP TRIGGER IF EXISTS audit_chain_no_truncate ON audit_chain")
        op.execute("DROP FUNCTION IF EXISTS audit_chain_forward_only()")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_constraint("uq_audit_log_entry_hash", type_="unique")
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
    op.drop_table("audit_chain")
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
    elif dialect == "postgresql":
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
