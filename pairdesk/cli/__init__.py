"""The command line (``pairdesk COMMAND …``): ``main`` runs one command and returns its
exit code, ``build_parser`` is its argparse parser.

``run`` assembles the parser from one module per command group (``vault``, ``lists``,
``reports``, ``privacy``, ``trust``, ``data``, ``team``), which all share ``common``;
nothing in the package imports this ``__init__``.
"""

from __future__ import annotations

from pairdesk.cli.run import build_parser, main

__all__ = ["build_parser", "main"]
