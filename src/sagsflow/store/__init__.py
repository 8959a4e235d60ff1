"""The event store: one embedded DuckDB database per workspace."""

from sagsflow.store.workspace import ImportRecord, LogInfo, Workspace, default_workspace_path

__all__ = ["ImportRecord", "LogInfo", "Workspace", "default_workspace_path"]
