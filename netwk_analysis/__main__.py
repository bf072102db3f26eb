"""``python -m netwk_analysis`` runs the ``netwk`` command line."""

from netwk_analysis.cli import main

raise SystemExit(main())
