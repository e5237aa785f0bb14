"""scikit-learn side of quick-bench.ts: same CSVs, same held-out rows, same metric code for both sides.

Usage: python3 sklearn-baseline.py DIR N_TREES   (DIR holds train.csv, test.csv and our *-proba.csv)
Prints one JSON object on stdout.
"""
import json
import os
import sys
import time

import pandas as pd
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.preprocessing import StandardScaler

directory, n_trees = sys.argv[1], int(sys.argv[2])
train = pd.read_csv(os.path.join(directory, "train.csv"))
test = pd.read_csv(os.path.join(directory, "test.csv"))
X, y = train.drop(columns="y").to_numpy(), train["y"].to_numpy()
X_test, y_test = test.drop(columns="y").to_numpy(), test["y"].to_numpy()
result = {"sklearn_version": sklearn.__version__}

start = time.perf_counter()
forest = RandomForestClassifier(n_estimators=n_trees, n_jobs=1, random_state=0).fit(X, y)
result["forest_fit_s"] = time.perf_counter() - start
proba = forest.predict_proba(X_test)[:, 1]
result["forest_auc"] = roc_auc_score(y_test, proba)
result["forest_accuracy"] = accuracy_score(y_test, proba > 0.5)
start = time.perf_counter()
forest.predict_proba(X)
result["forest_predict_rows_per_s"] = len(X) / (time.perf_counter() - start)
result["forest_nodes"] = int(sum(tree.tree_.node_count for tree in forest.estimators_))

start = time.perf_counter()
scaler = StandardScaler().fit(X)
logistic = LogisticRegression(solver="lbfgs").fit(scaler.transform(X), y)
result["logistic_fit_s"] = time.perf_counter() - start
result["logistic_n_iter"] = int(logistic.n_iter_[0])
proba = logistic.predict_proba(scaler.transform(X_test))[:, 1]
result["logistic_auc"] = roc_auc_score(y_test, proba)
result["logistic_accuracy"] = accuracy_score(y_test, proba > 0.5)

for name in ("forest", "logistic"):
    ours = pd.read_csv(os.path.join(directory, f"ours-{name}-proba.csv"))["p1"].to_numpy()
    result[f"ours_{name}_auc"] = roc_auc_score(y_test, ours)
    result[f"ours_{name}_accuracy"] = accuracy_score(y_test, ours > 0.5)
print(json.dumps(result))
