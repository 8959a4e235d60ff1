"""API token scopes (existing tokens get their role's widest scope; tokens without expiry expire a year after they
were made) and usernames unique per municipality instead of across the server.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ROLE_SCOPE = {"viewer": "analyse", "auditor": "analyse", "analyst": "analyse", "administrator": "administer"}


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("scope", sa.String(20), nullable=True))
    tokens = sa.table("api_tokens", sa.column("user_id", sa.Integer), sa.column("scope", sa.String),
                      sa.column("expires_at"), sa.column("created_at"))
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("role", sa.String))
    for role, scope in _ROLE_SCOPE.items():
        bind.execute(tokens.update().where(tokens.c.user_id.in_(sa.select(users.c.id).where(users.c.role == role)))
                     .values(scope=scope))
    bind.execute(tokens.update().where(tokens.c.scope.is_(None)).values(scope="read"))
    if bind.dialect.name == "postgresql":
        op.execute("UPDATE api_tokens SET expires_at = created_at + interval '365 days' WHERE expires_at IS NULL")
    else:
        op.execute("UPDATE api_tokens SET expires_at = datetime(created_at, '+365 days') WHERE expires_at IS NULL")
    with op.batch_alter_table("api_tokens") as batch:
        batch.alter_column("scope", existing_type=sa.String(20), nullable=False)

    old = "users_username_key" if bind.dialect.name == "postgresql" else "uq_users_username"
    with op.batch_alter_table("users", naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}) as batch:
        batch.drop_constraint(old, type_="unique")
        batch.create_unique_constraint("uq_users_municipality_username", ["municipality_id", "username"])
        batch.create_index("ix_users_username", ["username"])


def downgrade() -> None:
    bind = op.get_bind()
    old = "users_username_key" if bind.dialect.name == "postgresql" else "uq_users_username"
    with op.batch_alter_table("users", naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}) as batch:
        batch.drop_index("ix_users_username")
        batch.drop_constraint("uq_users_municipality_username", type_="unique")
        batch.create_unique_constraint(old, ["username"])
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("scope")
