"""Compliance: evaluate obligations over records and evidence, keep findings, score members."""
