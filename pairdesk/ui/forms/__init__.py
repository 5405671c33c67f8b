"""The form kit: every dialog and editable page declares its fields once (``Form``) and
gets error labels, dirty tracking, the unsaved-changes question, drafts and saving.

    from pairdesk.ui.forms import Form, FormDialog, live_forms
"""

from pairdesk.ui.forms.dialog import FormDialog
from pairdesk.ui.forms.kit import Form
from pairdesk.ui.forms.registry import live_forms

__all__ = ["Form", "FormDialog", "live_forms"]
