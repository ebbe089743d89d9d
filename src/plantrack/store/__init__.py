"""The workspace: an atomic, locked TinyDB JSON file per project."""

from plantrack.store.errors import (
    StorageError,
    StoreError,
    WorkspaceBusy,
    WorkspaceExists,
    WorkspaceTooNew,
    WorkspaceUnreadable,
)
from plantrack.store.workspace import Workspace, WorkspaceState, create_workspace, open_workspace

__all__ = [
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
