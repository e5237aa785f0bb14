"""pandas side of the parse section: pandas.read_csv of one file, RUNS times, on one core.

Usage: python3 read-csv-baseline.py CSV RUNS
pandas' C parser (pandas 1.5 has no multi-threaded reader without pyarrow, which is not installed) reads the
whole file into a DataFrame with default options, as a user would call it. Prints {"seconds": [...],
"cpu_seconds": [...], "rows": N, "columns": M}: wall and process CPU time of each run.
"""
import json
import sys
import time

import pandas as pd

path, runs = sys.argv[1], int(sys.argv[2])
seconds, cpu_seconds = [], []
for _ in range(runs):
    wall, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_csv(path)
    seconds.append(time.perf_counter() - wall)
    cpu_seconds.append(time.process_time() - cpu)
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "rows": len(frame), "columns": frame.shape[1]}))
