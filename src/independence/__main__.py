"""``python -m independence``: the command line."""

import sys

from independence.cli import main

sys.exit(main())
