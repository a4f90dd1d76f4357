"""The assessment's rules: computing a period, correcting entered figures, closing, outcomes."""
