"""A short guide per view: "What is this screen for?" (F1 or the Help menu).

Plain words, no jargon, no stigmatising words. The texts are English source strings
translated through the catalogue (French by default), one per page key of
``main_window.PAGES``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from pairdesk.i18n import N_, _

_HELP: dict[str, str] = {
    "today": N_(
        "This screen shows what is planned today: the workshops of the day, the people "
        "to call back and the follow-ups that are due. Start your day here."
    ),
    "participants": N_(
        "This screen lists the people the association accompanies. Type a few letters of "
        "a name to find someone (accents and capitals do not matter), then open their file "
        "to see their pathway, goals and documents. Ctrl+N adds a person."
    ),
    "cv_workshops": N_(
        "This screen is for the peer CV workshops: plan a workshop, register people, then "
        "mark who came. You can print the attendance sheet and export the dates to a "
        "phone calendar."
    ),
    "interview_coaching": N_(
        "This screen is for interview practice: plan a session, choose questions from the "
        "bank and write down, with the person, what went well and what to work on."
    ),
    "job_offers": N_(
        "This screen keeps the job offers the team finds, and who they were shared with. "
        "Archive an offer when it is no longer open."
    ),
    "attendance": N_(
        "This screen shows who came to the workshops over a period. Mark each person "
        "present, absent or excused, and print attendance certificates when someone asks."
    ),
    "indicators": N_(
        "This screen counts the association's activity over a period (people accompanied, "
        "workshops held, access to employment) for the activity report. The figures hold "
        "no names."
    ),
    "team_settings": N_(
        "This screen holds the team (who uses pairdesk and their role), the external "
        "referents, the association's profile and the settings. Some changes are reserved "
        "to coordinators."
    ),
    "employers": N_(
        "This screen is the employer directory: the companies and organisations the "
        "association works with, their contact persons, their offers, the people placed "
        "there, the accommodations agreed and the contacts with them. What the employer "
        "is told about a person is always that person's choice."
    ),
    "register": N_(
        "This screen is the attendance register: who came through the door each day, "
        "members, visitors and participants, and visitors who give no name. Type a name "
        "and press Enter to tick someone in. The totals of the month and the year are for "
        "the annual report."
    ),
}

_GENERIC = N_(
    "Use the list on the left to move between screens. Press F1 on any screen to read "
    "what it is for."
)


def help_text(page_key: str) -> str:
    """The translated guide for a page of the main window (a general text if unknown)."""
    return _(_HELP.get(page_key, _GENERIC))


def page_keys() -> tuple[str, ...]:
    return tuple(_HELP)


def show_help(parent: QWidget | None, page_key: str, title: str) -> QMessageBox:
    """A non-blocking box with the guide of ``page_key``; returns it (tests read it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_("What is this screen for? — {view}").format(view=title))
    box.setText(help_text(page_key))
    box.setAccessibleName(_("What is this screen for?"))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    close = box.button(QMessageBox.StandardButton.Close)
    if close is not None:
        close.setAccessibleName(_("Close"))
    box.open()
    return box
