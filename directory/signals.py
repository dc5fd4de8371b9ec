"""What the staff list tells the layers above it, which it never imports."""

from django.dispatch import Signal

# The active staff list changed (an import was applied): figures counted from it are out
# of date. Sent after the transaction, with no arguments.
staff_list_changed = Signal()
