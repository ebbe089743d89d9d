"""The workspace: an atomic, locked TinyDB JSON file per project."""

from plantrack.store.errors import (
    ProjectFileGiven,
    StorageError,
    StoreError,
    WorkspaceBusy,
    WorkspaceExists,
    WorkspaceTooNew,
    WorkspaceUnreadable,
)
from plantrack.store.workspace import Workspace, WorkspaceState, create_workspace, open_workspace

__all__ = [
    "ProjectFileGiven",
    "StorageError",
    "StoreError",
    "Workspace",
    "WorkspaceBusy",
    "WorkspaceExists",
    "WorkspaceState",
    "WorkspaceTooNew",
    "WorkspaceUnreadable",
    "create_workspace",
    "open_workspace",
]
