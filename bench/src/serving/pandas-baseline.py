"""The Python original's work for one large-CSV predict, in one process: what our gateway's time is set against.

Usage: python3 pandas-baseline.py TRAIN_CSV TARGET SCORE_CSV RUNS [DROP_COLUMN ...]
Fits RandomForestClassifier(n_estimators=100, random_state=42) on 80 % of TRAIN_CSV's rows (every
column but TARGET as a feature, as the bench's models are trained), pickles it, then times RUNS
"requests" after one warm-up: load the pickle (the original reloads the model on every request),
pandas.read_csv of SCORE_CSV's bytes (read from disk before the clock), drop DROP_COLUMNs,
predict, and json.dumps of {"predictions": [...]}. No HTTP, multipart or server: the times are the
original's floor for this file on this machine. Prints {"seconds": [...]} on stdout.
"""
import io
import json
import os
import pickle
import sys
import tempfile
import time

import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

train_csv, target, score_csv, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
drop = sys.argv[5:]

train = pd.read_csv(train_csv)
X, y = train.drop(columns=[target]), train[target]
X_fit, _, y_fit, _ = train_test_split(X, y, test_size=0.2, random_state=42)
model = RandomForestClassifier(n_estimators=100, random_state=42).fit(X_fit, y_fit)
with tempfile.NamedTemporaryFile(suffix=".pkl", delete=False) as handle:
    pickle.dump(model, handle)
    model_path = handle.name

with open(score_csv, "rb") as handle:
    body = handle.read()


def request():
    start = time.perf_counter()
    with open(model_path, "rb") as saved:
        loaded = pickle.load(saved)
    frame = pd.read_csv(io.BytesIO(body)).drop(columns=drop, errors="ignore")
    json.dumps({"predictions": loaded.predict(frame[loaded.feature_names_in_]).tolist()})
    return time.perf_counter() - start


try:
    request()
    print(json.dumps({"seconds": [request() for _ in range(runs)]}))
finally:
    os.remove(model_path)
