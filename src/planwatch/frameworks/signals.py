"""What a framework plan tells the apps above it. Notifications live in reporting, which answers `plan_moved`;
this app sends it and knows nothing of who is told."""

from django.dispatch import Signal

# Sent inside the moving transaction with plan=, to= (the new status), actor=, reason=.
plan_moved = Signal()
