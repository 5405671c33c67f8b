"""Demo data: a deterministic, entirely fictional association with a year of activity."""

from pairdesk.services.demo.generate import (
    DEMO_ASSOCIATION_NAME,
    MAX_PARTICIPANTS,
    SETTING_DEMO_COUNTS,
    DemoSummary,
    RealRecords,
    generate_demo_data,
    real_records,
    refuse_real_records,
    seed_fields,
    seed_list,
)

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
