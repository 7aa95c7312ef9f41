"""Where the benchmarks find the project's code, the seeds and the Hanoi register (run as scripts from anywhere)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
# The seeds live in shared/ beside the repository (as CI lays it out), or at the workplace's shared folder.
SEEDS = next(
    (p for p in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")) if p.exists()),
    ROOT.parent / "shared" / "seeds",
)
HANOI = ROOT / "src" / "planwatch" / "fixtures" / "hanoi"
