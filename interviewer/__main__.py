"""`python -m interviewer` runs the command line."""

from interviewer.cli import main

raise SystemExit(main())
