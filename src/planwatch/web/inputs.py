"""Input refused at the door (a NUL in a parameter): planwatch.httpinputs, below every app, defines it; settings
name the middleware here."""

from planwatch.httpinputs import RejectNulMiddleware, nul_refused  # noqa: F401
