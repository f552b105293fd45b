"""Where the detectors run: in this process (all cores) or on a Dask cluster.

Both engines run the same map over the same partitions and the same reduce, so they
give identical results; they differ only in where the map runs.
"""
