"""Registrations that enable prediction (per municipality and target class, two-person rule) and each
municipality's legal settings (employee protection; the controller's facts for the DPIA and the record of
processing).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sagsflow.meta.models import UTCDateTime

    op.create_table(
        "prediction_registrations",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("municipality_id", sa.Integer, sa.ForeignKey("municipalities.id"), nullable=False),
        sa.Column("target_class", sa.String(30), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("review_date", sa.Date, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("proposed_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("approved_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("supersedes", sa.String(32), nullable=True),
        sa.Column("expiry_recorded", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_prediction_registrations_municipality_id", "prediction_registrations", ["municipality_id"])
    op.create_index("ix_prediction_registrations_status", "prediction_registrations", ["status"])
    op.create_table(
        "municipality_legal",
        sa.Column("municipality_id", sa.Integer, sa.ForeignKey("municipalities.id"), primary_key=True),
        sa.Column("resource_use", sa.String(20), nullable=False),
        sa.Column("team_attribute", sa.String(200), nullable=True),
        sa.Column("min_employees", sa.Integer, nullable=False),
        sa.Column("resource_purpose", sa.Text, nullable=True),
        sa.Column("resource_purpose_ref", sa.String(200), nullable=True),
        sa.Column("controller", sa.JSON, nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("municipality_legal")
    op.drop_index("ix_prediction_registrations_status", table_name="prediction_registrations")
    op.drop_index("ix_prediction_registrations_municipality_id", table_name="prediction_registrations")
    op.drop_table("prediction_registrations")
