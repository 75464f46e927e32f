"""``python -m addin`` is the ``sendwell`` command."""
from .cli import main

main()
