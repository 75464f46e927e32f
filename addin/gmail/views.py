"""STUB (being written): the add-on's card endpoints."""
