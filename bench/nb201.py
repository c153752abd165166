#!/usr/bin/env python3
"""NAS-Bench-201 accuracy forests: baselines, learning curves, scikit-learn.

Reads the joined tables nb201-DATASET.csv that bench/nb201.sh (or `make
models`) writes: one row per network keyed by its architecture string,
archc's features and the accuracy as a fraction. Prints, for CIFAR-10,
CIFAR-100 and ImageNet16-120:

- the Kendall tau-b of parameter counts on the networks held out from
  src/models/nb201-train.txt: archc's count of the network tools/nb201-arch
  writes, and the count of the published network (every edge, reachable or
  not);
- the learning curve of the shipped forest (archc train with the options of
  `make models`) trained on the first 100, 1,000 and 10,000 networks of a
  seeded permutation of the 15,625 (its first 1,000 are nb201-train.txt),
  each scored on all the networks it did not see;
- scikit-learn's RandomForestRegressor with the same settings on the same
  training networks, scored on the same held-out ones.

Fit and prediction times are CPU time (user and system): archc's --timing
figures, scikit-learn's time.process_time around fit() and predict().

Usage: nb201.py --archc PATH --data DIR --nats CSV --train-list FILE
                [--sizes 100,1000,10000] [--sklearn-sizes 1000]
"""
import argparse
import csv
import os
import random
import subprocess
import sys
import time

import numpy as np
from scipy.stats import kendalltau, spearmanr
from sklearn.ensemble import RandomForestRegressor

SETS = [("cifar10", "cifar10_accuracy", 10), ("cifar100", "cifar100_accuracy", 100),
        ("imagenet16-120", "imagenet16_120_accuracy", 120)]
# The options of `make models` (Makefile.am).
TRAIN = ["--key", "arch", "--seed", "1", "--model", "forest", "--trees", "100",
         "--min-leaf", "2"]


def load(path, target):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    head, rows = rows[0], rows[1:]
    cols = {name: i for i, name in enumerate(head)}
    keys = [r[0] for r in rows]
    y = np.array([float(r[cols[target]]) for r in rows])
    return head, rows, keys, y


def varying(head, rows, target):
    """The feature columns that are not the same in every row."""
    out = []
    for i, name in enumerate(head[1:], 1):
        if name != target and len({r[i] for r in rows}) > 1:
            out.append(name)
    return out


def published_params(arch, classes):
    """PyTorch's count of the published network: every edge's module."""
    n = 464 + 14464 + 57600 + 128 + 64 * classes + classes
    ops = [e.split("~")[0] for part in arch.strip("|").split("|+|") for e in part.split("|")]
    for c in (16, 32, 64):
        for op in ops:
            n += 5 * (9 * c * c + 2 * c) * (op == "nor_conv_3x3")
            n += 5 * (c * c + 2 * c) * (op == "nor_conv_1x1")
    return n


def scores(y, p):
    resid = y - p
    return {"tau": kendalltau(y, p)[0], "rho": spearmanr(y, p)[0],
            "r2": 1 - np.sum(resid ** 2) / np.sum((y - y.mean()) ** 2),
            "rmse": float(np.sqrt(np.mean(resid ** 2)))}


def run_archc(archc, csv_path, target, columns, train_list):
    cmd = [archc, "train", "--features", csv_path, "--target", target, "--columns",
           ",".join(columns), "--train-list", train_list, "--folds", "0", "--timing"] + TRAIN
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit("archc train failed:\n" + res.stderr)
    v = dict(line.split(" ", 1) for line in (res.stdout + res.stderr).splitlines())
    return ({"tau": float(v["heldout.kendall_tau_b"]), "rho": float(v["heldout.spearman"]),
             "r2": float(v["heldout.r2"]), "rmse": float(v["heldout.rmse"])},
            float(v["time.train_cpu_s"]), float(v["time.predict_cpu_us_per_network"]))


def run_sklearn(x, y, train):
    model = RandomForestRegressor(n_estimators=100, min_samples_leaf=2, max_features=1.0,
                                  bootstrap=True, n_jobs=1, random_state=1)
    t0 = time.process_time()
    model.fit(x[train], y[train])
    fit = time.process_time() - t0
    t0 = time.process_time()
    p = model.predict(x[~train])
    per = 1e6 * (time.process_time() - t0) / max(1, int((~train).sum()))
    return scores(y[~train], p), fit, per


def rank_line(label, y, p):
    print("  %-34s tau %.3f  rho %.3f" % (label, kendalltau(y, p)[0], spearmanr(y, p)[0]))


def line(label, s, extra=""):
    print("  %-34s tau %.3f  rho %.3f  R2 %.3f  RMSE %.4f%s"
          % (label, s["tau"], s["rho"], s["r2"], s["rmse"], extra))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--archc", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--nats", required=True)
    ap.add_argument("--train-list", required=True)
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--sklearn-sizes", default="1000")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s]
    sk_sizes = [int(s) for s in a.sklearn_sizes.split(",") if s]

    with open(a.nats, newline="") as f:
        archs = [r["ArchitectureString"] for r in csv.DictReader(f)]
    order = list(range(len(archs)))
    random.Random(1).shuffle(order)
    with open(a.train_list) as f:
        shipped = f.read().split()
    if [archs[i] for i in order[:len(shipped)]] != shipped:
        sys.exit("the permutation's first networks are not %s" % a.train_list)
    lists = {}
    for n in sizes:
        lists[n] = os.path.join(a.data, "train-%d.txt" % n)
        with open(lists[n], "w") as f:
            f.writelines(archs[i] + "\n" for i in order[:n])

    for name, target, classes in SETS:
        path = os.path.join(a.data, "nb201-%s.csv" % name)
        head, rows, keys, y = load(path, target)
        columns = varying(head, rows, target)
        index = {name: i for i, name in enumerate(head)}
        x = np.array([[float(r[index[c]]) for c in columns] for r in rows])
        print("%s: %d networks, %d features" % (name, len(rows), len(columns)))

        shipped_set = set(shipped)
        held = np.array([k not in shipped_set for k in keys])
        own = np.array([float(r[index["params"]]) for r in rows])
        pub = np.array([published_params(k, classes) for k in keys])
        rank_line("parameters, archc's count", y[held], own[held])
        rank_line("parameters, published count", y[held], pub[held])
        for n in sizes:
            s, fit, per = run_archc(a.archc, path, target, columns, lists[n])
            line("archc forest, %d training" % n, s,
                 "  fit %.2f s  predict %.0f us/network" % (fit, per))
            if n in sk_sizes:
                chosen = set(archs[i] for i in order[:n])
                tr = np.array([k in chosen for k in keys])
                s, fit, per = run_sklearn(x, y, tr)
                line("scikit-learn forest, %d training" % n, s,
                     "  fit %.2f s  predict %.0f us/network (batch)" % (fit, per))
        print()


if __name__ == "__main__":
    main()
