"""Benchmarks of the crisis hotline (issue 10): live delivery to open consoles, and the
escalations a restarted server fires."""
