"""Translation catalogues (gettext, managed with Babel)."""
