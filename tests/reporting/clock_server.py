"""`planwatch demo` with the server's clock set to a given moment (and running on from there).

Used by the end-to-end test to play a round across its deadline: the same database, served once before the
deadline and once after it. time-machine moves the clock of this process only.

    python tests/reporting/clock_server.py 2024-07-08T09:00:00+07:00 8123
"""

import sys
from datetime import datetime

import time_machine


def main() -> None:
    moment, port = datetime.fromisoformat(sys.argv[1]), sys.argv[2]
    time_machine.travel(moment, tick=True).start()
    from planwatch.cli import main as planwatch

    planwatch(["planwatch", "demo", "--port", port])


if __name__ == "__main__":
    main()
