"""Demo data: a deterministic, entirely fictional association with a year of activity.

The entry point is :func:`generate_demo_data` (module ``generate``); one module per
subject writes its tables, as the services do (see ``generate``'s docstring).
"""

from pairdesk.services.demo.bookkeeping import (
    SETTING_DEMO_COUNTS,
    RealRecords,
    real_records,
    refuse_real_records,
)
from pairdesk.services.demo.generate import MAX_PARTICIPANTS, DemoSummary, generate_demo_data
from pairdesk.services.demo.seeds import seed_fields, seed_list
from pairdesk.services.demo.team import DEMO_ASSOCIATION_NAME

__all__ = [
    "DEMO_ASSOCIATION_NAME",
    "MAX_PARTICIPANTS",
    "SETTING_DEMO_COUNTS",
    "DemoSummary",
    "RealRecords",
    "generate_demo_data",
    "real_records",
    "refuse_real_records",
    "seed_fields",
    "seed_list",
]
