"""What the staff list tells the layers above it, which it never imports."""

from django.dispatch import Signal

# The active staff list changed (an import was applied, or SCIM created, changed,
# deactivated or brought back a colleague): figures counted from it are out of date, a
# running campaign may have joiners or leavers. Sent after the commit, with no arguments.
staff_list_changed = Signal()
