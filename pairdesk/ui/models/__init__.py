"""Table models over service read objects, one per list."""
