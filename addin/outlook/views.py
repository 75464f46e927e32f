"""STUB (being written): task pane, event runtime and well-known files."""
