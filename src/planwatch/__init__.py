"""planwatch: a plan document turned into a live, tracked plan."""

__version__ = "0.1.0"
