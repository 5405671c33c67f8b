"""Entry points: ``pairdesk`` (console: subcommands, or the window with none) and
``pairdesk-gui`` (a GUI script, so Windows starts it without a console).

Both first keep the process out of core dumps (``pairdesk.hardening``), before anything
reads a passphrase."""

from __future__ import annotations

import sys


def main() -> None:
    from pairdesk.hardening import harden

    harden()
    from pairdesk.cli import main as cli_main

    sys.exit(cli_main())


def gui_main() -> None:
    from pairdesk.hardening import harden

    harden()
    from pairdesk.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
