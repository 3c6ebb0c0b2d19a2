# The action plan's fixture (a recommendation with three sub-steps) for the tests that link
# decisions and tasks to a step.
from ankommen.actionplan.tests.conftest import plan  # noqa: F401
