"""Track formats in and out: CSV, Parquet, NMEA and ADS-B readers, the dataset, events."""
