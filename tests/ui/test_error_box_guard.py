"""The UI tests' guard (conftest): an error box nobody expected fails the test at once,
where offscreen it would have waited for a click for ever."""

from __future__ import annotations

from typing import Any

import pytest

from pairdesk.errors import InvalidInput
from pairdesk.ui import errors


def test_an_unexpected_error_box_fails_instead_of_waiting(qtbot: Any) -> None:
    with pytest.raises(AssertionError, match="nobody would close it: .*pas un numéro"):
        errors.show_error(None, InvalidInput("Ce n'est pas un numéro de téléphone."))
    assert not errors._showing  # the next error is shown (or fails) as usual
