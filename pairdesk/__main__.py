"""Entry points: ``pairdesk`` (console: subcommands, or the window with none) and
``pairdesk-gui`` (a GUI script, so Windows starts it without a console)."""

from __future__ import annotations

import sys


def main() -> None:
    from pairdesk.cli import main as cli_main

    sys.exit(cli_main())


def gui_main() -> None:
    from pairdesk.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
