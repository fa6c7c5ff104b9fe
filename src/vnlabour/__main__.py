"""`python -m vnlabour` runs the command line."""
import sys

from vnlabour.cli import main

sys.exit(main())
