"""The computation engine: pure Python, no Django.

Periods, target expressions, growth arithmetic, what must still be reached, assessment and status.
Django apps translate their models into these types and back. See docs/engine.md.
"""

from .assessment import EXCEEDED, MET, NOT_MET, Assessment, AssessmentRule, assess
from .compute import Computed, compute_indicator
from .errors import EngineError
from .consistency import (
    PARTS_DO_NOT_ADD_UP,
    PRINTED_MISMATCH,
    PRINTED_ROUNDING,
    SOURCES_DISAGREE,
    VALUES_SWAPPED,
    ConsistencyWarning,
    check_parts,
    check_printed,
    check_sources,
    check_sources_many,
)
from .kinds import (
    BAND,
    COUNT,
    GROWTH_AVERAGE,
    HIGHER_BETTER,
    LEVEL_AT_END,
    LOWER_BETTER,
    QUALITATIVE_MEASURE,
    RATIO_PER_POPULATION,
    SHARE,
    SUM_OVER_PERIOD,
    implied_direction,
)
from .numbers import display, places_of, vn
from .periods import Period, PeriodError, parse_period, plan_period
from .progress import Pace, SoFar, growth_average
from .quantity import Quantity, Relative
from .required import Required, required_growth, required_sum
from .rollup import Contributor, Remapped, RolledUp, RollupError, Succession, Unit, holder_on, remap, roll_up
from .series import ACTUAL, ESTIMATE, PLAN, REQUIRED, IndicatorSeries, Observation, Target
from .status import (
    ACHIEVED_EARLY,
    DIFFICULT,
    ON_TRACK,
    UNKNOWN,
    VERY_CHALLENGING,
    Status,
    StatusRule,
    combine,
)
from .units import UnitError, convert, factor_between, scale

import types as _types

__all__ = [n for n, v in dict(globals()).items() if not n.startswith("_") and not isinstance(v, _types.ModuleType)]
