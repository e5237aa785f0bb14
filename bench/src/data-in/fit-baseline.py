"""scikit-learn side of the training sections: pandas.read_csv + RandomForestClassifier(n_jobs=1).fit in one process.

Usage: python3 fit-baseline.py CSV TARGET N_TREES MAX_SAMPLES TEST_SIZE
MAX_SAMPLES 0 means every bootstrap draws as many rows as it fits on (the default); TEST_SIZE 0 fits on every
row, otherwise the rows are split as our trainer splits them (train_test_split, random_state=42) and the
held-out ROC AUC is computed after the clock stops. The target is popped from the frame rather than dropped,
so the features are not copied before fit (fit's own float32 copy stays). Prints {"read_s", "fit_s",
"max_rss_mb" (ru_maxrss after read_csv + fit: the process's peak), "rows", "auc"}.
"""
import json
import resource
import sys
import time

import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

path, target = sys.argv[1], sys.argv[2]
n_trees, max_samples, test_size = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])

start = time.perf_counter()
frame = pd.read_csv(path)
read_s = time.perf_counter() - start
y = frame.pop(target)
X_fit, X_test, y_fit, y_test = (frame, None, y, None)
if test_size > 0:
    X_fit, X_test, y_fit, y_test = train_test_split(frame, y, test_size=test_size, random_state=42)
model = RandomForestClassifier(
    n_estimators=n_trees, n_jobs=1, random_state=42, max_samples=max_samples if max_samples > 0 else None
)
start = time.perf_counter()
model.fit(X_fit, y_fit)
fit_s = time.perf_counter() - start
max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]) if X_test is not None else None
print(json.dumps({"read_s": read_s, "fit_s": fit_s, "max_rss_mb": max_rss_mb, "rows": len(frame), "auc": auc}))
