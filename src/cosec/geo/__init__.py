"""Coasts, states, disputed features and distances, from data shipped in packages.

Distances are metres inside and nautical miles where shown (1 nm = 1852 m).
"""
