"""Each event kind as a map over partitions of tracks and a reduce of their parts.

A kind's ``map`` sees the tracks of one partition (with a halo) and returns partial
tables for what the partition *owns*; its ``reduce`` merges the parts of all partitions
into the event table. The local and the Dask engines run the same two functions, so
their results are identical by construction.
"""
