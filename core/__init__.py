"""Domain rules every layer shares: the analysis configuration, places, SQL helpers and macros, the warehouse,
formatting. It imports none of the project's other packages."""
