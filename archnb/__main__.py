"""`python -m archnb`: the same as the `archnb` command."""

import sys

from archnb.cli import main

if __name__ == "__main__":
    sys.exit(main())
