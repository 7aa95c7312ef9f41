"""The words the pages use for the register's codes, in one place (issue 15: one idea, one home).

The engine keeps codes only (`actual`, `estimate`, ...); what people read for them is written here once and the
pages, charts and tables import it.
"""

from __future__ import annotations

from planwatch import engine

# The abbreviations plans print before a period: `TH 2023`, `ƯTH 2024`, `KH 2025`, `NV 2025`. Domain shorthand that
# Vietnamese planners read in every language of the interface, so not translated.
KIND_ABBREVIATIONS = {engine.ACTUAL: "TH", engine.ESTIMATE: "ƯTH", engine.PLAN: "KH", engine.REQUIRED: "NV"}

# The signs a quantity's operator is written with, on the pages and in the appendices alike.
QUANTITY_SYMBOLS = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "about": "~"}
