"""Action plans: the interventions of a workspace (sagsflow.effect).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sagsflow.meta.models import UTCDateTime

    op.create_table(
        "interventions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_interventions_workspace_id", "interventions", ["workspace_id"])


def downgrade() -> None:
    op.drop_index("ix_interventions_workspace_id", table_name="interventions")
    op.drop_table("interventions")
