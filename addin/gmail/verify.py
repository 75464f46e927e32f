"""STUB (being written): verification of every /gmail/ request."""
