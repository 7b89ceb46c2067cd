"""``python -m journeydocs.cli``: the same as the ``journeydocs`` command."""

import sys

from journeydocs.cli import main

sys.exit(main())
