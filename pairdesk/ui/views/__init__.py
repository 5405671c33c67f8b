"""One package per view of the main window."""
