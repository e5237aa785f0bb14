"""scikit-learn side of the training bench: the same CSV files, so the same training and held-out rows.

Usage: python3 sklearn-baseline.py DIR MODEL N_TREES N_FITS SCORING_ROWS
  DIR holds train.csv and test.csv (features x0.., class index y); MODEL is forest or logistic;
  the fit time reported is the fastest of N_FITS fits.
Writes the held-out class probabilities to DIR/sklearn-MODEL-proba.f64 (row-major little-endian
float64), so that the bench scores scikit-learn with the same TypeScript metric code as our engines,
and prints {"fit_s": ..., "predict_rows_per_s": ...} on stdout; for the forest also
"predict_rows_per_s_2_jobs", the same call with n_jobs=2 (trees split over two threads).
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

directory, model = sys.argv[1], sys.argv[2]
n_trees, n_fits, scoring_rows = (int(arg) for arg in sys.argv[3:6])
train = pd.read_csv(os.path.join(directory, "train.csv"))
test = pd.read_csv(os.path.join(directory, "test.csv"))
X, y = train.drop(columns="y").to_numpy(), train["y"].to_numpy()
X_test = test.drop(columns="y").to_numpy()

if model == "forest":
    estimator = RandomForestClassifier(n_estimators=n_trees, n_jobs=1, random_state=0)
else:
    # Our logistic regression standardizes inside its fit, so the scaler is timed here too.
    estimator = make_pipeline(StandardScaler(), LogisticRegression(solver="lbfgs"))

fit_s = float("inf")
for _ in range(n_fits):
    start = time.perf_counter()
    estimator.fit(X, y)
    fit_s = min(fit_s, time.perf_counter() - start)
estimator.predict_proba(X_test).astype("<f8").tofile(os.path.join(directory, f"sklearn-{model}-proba.f64"))

# The held-out rows repeated in order, as the bench's tileRows builds them.
batch = np.resize(X_test, (scoring_rows, X_test.shape[1]))


def time_predict():
    start = time.perf_counter()
    estimator.predict_proba(batch)
    return scoring_rows / (time.perf_counter() - start)


result = {"fit_s": fit_s, "predict_rows_per_s": time_predict()}
if model == "forest":
    estimator.set_params(n_jobs=2)
    result["predict_rows_per_s_2_jobs"] = time_predict()
print(json.dumps(result))
