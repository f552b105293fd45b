"""Evidence from tracks: ingest AIS/ADS-B positions and detect events in them.

Layers, each importing only the ones below it::

    service      run_analysis(dataset, kind, params) -> pyarrow.Table   (what callers use)
    engines      local (threads over partitions) and dask (a cluster), same results
    tracks       the columnar track model: reports sorted by vessel and time
    io           readers (CSV, Parquet, NMEA, ADS-B), the partitioned dataset, rejects
    kernels      pure NumPy/Numba functions: CPA, pairs, episodes, gaps, loitering...
"""
