"""Every view has a short plain-language guide, shown with F1."""

from __future__ import annotations

from pairdesk import i18n
from pairdesk.ui import help as help_module
from pairdesk.ui.main_window import PAGES


def test_every_page_has_a_french_help_text() -> None:
    i18n.install("fr")
    for page in PAGES:
        text = help_module.help_text(page.key)
        assert text.strip(), page.key
        assert text != help_module.help_text("no-such-page"), page.key
    assert set(help_module.page_keys()) == {p.key for p in PAGES}


def test_f1_shows_the_guide_of_the_current_view(qtbot, ctx) -> None:
    from pairdesk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page("job_offers")
    assert window.help_action.shortcut().toString()
    window.help_action.trigger()
    assert window.dialog.text() == help_module.help_text("job_offers")
    window.dialog.close()
