"""Small pieces shared by the tabs of the "Team and settings" page and the employers view;
they live in ``pairdesk/ui/widgets/record_list.py`` (and ``widgets/tables.py``) now."""

from __future__ import annotations

from pairdesk.ui.widgets.record_list import add_shortcut as add_shortcut
from pairdesk.ui.widgets.record_list import note_label as note_label
from pairdesk.ui.widgets.record_list import select_id as select_id
from pairdesk.ui.widgets.record_list import selected_id as selected_id
from pairdesk.ui.widgets.tables import make_table as make_table
