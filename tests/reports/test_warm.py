"""The documents' warm-up the app runs while the passphrase is typed (issue 12)."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from pairdesk.reports import base
from pairdesk.reports.warm import warm_up


def test_warm_up_registers_the_fonts_and_can_run_twice() -> None:
    warm_up()
    warm_up()
    registered = set(pdfmetrics.getRegisteredFontNames())
    assert {base.FONT, base.FONT_BOLD, base.FONT_ITALIC, base.FONT_BOLD_ITALIC} <= registered


def test_preload_warms_the_documents_up(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pairdesk.app as app
    import pairdesk.reports.warm as warm

    calls: list[str] = []
    monkeypatch.setattr(warm, "warm_up", lambda: calls.append("warm"))
    app._warm_documents()
    assert calls == ["warm"]
