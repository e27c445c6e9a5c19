"""Data in and out of Marsad in other tools' formats (ACLED CSV, STIX 2.1, GeoJSON, GraphML,
Parquet). Each format is one module; the CLI's ``import`` and ``export`` groups call them."""
