"""The project's path converter `<id:...>` and `bounded_int`: planwatch.httpinputs, below every app, registers and
defines them; importing this module registers the converter as before."""

from planwatch.httpinputs import MAX_ID, IdConverter, bounded_int  # noqa: F401
