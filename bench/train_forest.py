#!/usr/bin/env python3
"""Random forests in archc against scikit-learn, side by side in one run.

For each data set and each of several seeded 80/20 splits, both train a
200-tree forest with the same settings (bootstrap, max_depth, min split,
min leaf, features per split) on the same training networks; both are
scored on the same held-out networks. Prints training time, held-out
quality and prediction time per network for each, then the mean and the
median over the splits. Times are CPU time (user and system) of one core,
which the other work of a shared machine changes much less than the wall
time: archc's are its own (--timing: the fit of the final model, and
model_predict per network including the interval and the domain
distance); scikit-learn's are fit() and predict() with n_jobs=1, timed
with time.process_time.

The NAS-Bench-201 problem (--nb201) trains on the 1,000 networks of
src/models/nb201-train.txt and scores on the other 14,625, with the shipped
models' min leaf 2; its "splits" are forest seeds on that one split.

Usage: train_forest.py --archc PATH --data DIR [--splits N] [--synthetic N]
                       [--synthetic-splits N] [--nb201 CSV --nb201-train FILE]
                       [--nb201-seeds N]
Needs numpy, scipy and scikit-learn (Debian: python3-sklearn).
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.stats import kendalltau
from sklearn.datasets import make_friedman1
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.metrics import balanced_accuracy_score, r2_score

PAPER32 = """net_depth_avg num_conv_layers num_pooling_layers avg_IP_neurons
avg_IP_weights avg_split_width avg_concat_width avg_num_conv_features
prop_conv_into_pool prop_pool_into_pool prop_1x1_conv prop_square_kernels
prop_horiz_kernels prop_vert_kernels num_relu num_sigmoid
avg_grid_reduction_area_consecutive avg_grid_reduction_height_consecutive
avg_grid_reduction_width_consecutive avg_grid_reduction_area_total
avg_grid_reduction_height_total avg_grid_reduction_width_total
prop_nonoverlapping avg_stride_h avg_stride_w avg_ratio_features_to_depth
avg_ratio_features_to_kerArea avg_ratio_features_to_kerWidth
avg_ratio_features_to_kerHeight avg_ratio_kerArea_to_depth
avg_ratio_kerWidth_to_depth avg_ratio_kerHeight_to_depth""".split()


class Problem:
    """One data set: a CSV archc reads, and the same rows as arrays."""

    def __init__(self, name, csv_path, keys, x, y, task, archc_args, min_leaf=1, held=None):
        self.name, self.csv, self.keys = name, csv_path, keys
        self.x, self.y, self.task, self.archc_args = x, y, task, archc_args
        self.min_leaf = min_leaf
        self.held = held  # a fixed split (else seeded 80/20 splits)


def nova(data_dir, task):
    path = os.path.join(data_dir, "nova-simple-00001-05000.csv")
    rows = [r for r in csv.DictReader(open(path)) if r["final_accuracy"]]
    acc = np.array([float(r["final_accuracy"]) for r in rows])
    if task == "regress":  # the accuracy of the networks that train
        keep = acc >= 0.35
        y = acc[keep]
    else:
        keep = np.ones(len(rows), bool)
        y = (acc >= 0.35).astype(float)
    rows = [r for r, k in zip(rows, keep) if k]
    x = np.array([[float(r[f]) if r[f] else np.nan for f in PAPER32] for r in rows])
    keys = [r[""] for r in rows]
    args = ["--features", path, "--target", "final_accuracy", "--threshold", "0.35",
            "--task", task]
    return Problem("nova-%s" % task, path, keys, x, y, task, args)


def synthetic(n, tmp):
    """Friedman #1 with 32 features (5 informative), written as a CSV."""
    x, y = make_friedman1(n_samples=n, n_features=32, noise=1.0, random_state=0)
    path = os.path.join(tmp, "friedman.csv")
    names = ["f%d" % j for j in range(32)]
    keys = ["net%05d" % i for i in range(n)]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file"] + names + ["y"])
        for k, row, t in zip(keys, x, y):
            w.writerow([k] + [repr(v) for v in row] + [repr(t)])
    args = ["--features", path, "--target", "y", "--columns", ",".join(names),
            "--task", "regress"]
    return Problem("friedman1-%d" % n, path, keys, x, y, "regress", args)


def nb201(path, train_list):
    """The CIFAR-10 table of `make models` (nb201-cifar10.csv): the columns
    that vary over the 15,625 networks, the shipped training networks."""
    target = "cifar10_accuracy"
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    head, rows = rows[0], rows[1:]
    names = [c for i, c in enumerate(head[1:], 1)
             if c != target and len({r[i] for r in rows}) > 1]
    index = {c: i for i, c in enumerate(head)}
    x = np.array([[float(r[index[c]]) for c in names] for r in rows])
    y = np.array([float(r[index[target]]) for r in rows])
    keys = [r[0] for r in rows]
    with open(train_list) as f:
        train = set(f.read().split())
    held = np.array([k not in train for k in keys])
    args = ["--features", path, "--key", "arch", "--target", target, "--columns",
            ",".join(names), "--task", "regress"]
    return Problem("nb201-cifar10", path, keys, x, y, "regress", args, min_leaf=2, held=held)


def split(n, seed, y, task):
    """80/20, stratified when classifying (as archc does on its own)."""
    rng = np.random.RandomState(seed)
    held = np.zeros(n, bool)
    groups = [np.flatnonzero(y == c) for c in (0, 1)] if task == "classify" else [np.arange(n)]
    for g in groups:
        g = rng.permutation(g)
        held[g[: int(round(0.2 * len(g)))]] = True
    return held


def quality(task, y, pred):
    """Balanced accuracy, or R^2 and Kendall's tau-b (NaN to classify)."""
    if task == "classify":
        return balanced_accuracy_score(y > 0.5, pred > 0.5), float("nan")
    return r2_score(y, pred), kendalltau(y, pred)[0]


def run_archc(archc, prob, settings, held, seed, tmp):
    lst = os.path.join(tmp, "train.list")
    with open(lst, "w") as f:
        for k, h in zip(prob.keys, held):
            if not h:
                f.write(k + "\n")
    pred_csv = os.path.join(tmp, "pred.csv")
    cmd = [archc, "train"] + prob.archc_args + [
        "--model", "forest", "--trees", str(settings["trees"]),
        "--max-depth", str(settings["max_depth"] or 0),
        "--min-split", str(settings["min_split"]), "--min-leaf", str(settings["min_leaf"]),
        "--max-features", settings["max_features_archc"], "--bootstrap",
        "--folds", "0", "--train-list", lst, "--seed", str(seed),
        "--predictions", pred_csv, "--timing"]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    timing = dict(l.split() for l in out.stderr.splitlines() if l.startswith("time."))
    if "time.train_cpu_s" not in timing:
        sys.exit("train_forest: %s --timing gives no CPU times (an older archc)" % archc)
    pred = {}
    for r in csv.DictReader(open(pred_csv)):
        if r["set"] == "heldout":
            pred[r["key"]] = float(r["prediction"])
    keys = [k for k, h in zip(prob.keys, held) if h]
    p = np.array([pred[k] for k in keys])
    return (float(timing["time.train_cpu_s"]), wall, quality(prob.task, prob.y[held], p),
            float(timing["time.predict_cpu_us_per_network"]))


def run_sklearn(prob, settings, held, seed):
    x = prob.x.copy()
    # Missing values take the training median, as in archc.
    med = np.nanmedian(x[~held], axis=0)
    x = np.where(np.isnan(x), med, x)
    cls = RandomForestClassifier if prob.task == "classify" else RandomForestRegressor
    m = cls(n_estimators=settings["trees"], max_depth=settings["max_depth"],
            min_samples_split=settings["min_split"], min_samples_leaf=settings["min_leaf"],
            max_features=settings["max_features_sklearn"], bootstrap=True, n_jobs=1,
            random_state=seed)
    t0 = time.process_time()
    m.fit(x[~held], prob.y[~held])
    fit = time.process_time() - t0
    xh = x[held]
    if prob.task == "classify":
        p = m.predict_proba(xh)[:, list(m.classes_).index(1.0)]
    else:
        p = m.predict(xh)
    t0 = time.process_time()
    reps = 0
    while time.process_time() - t0 < 0.2:
        m.predict(xh)
        reps += 1
    batch_us = 1e6 * (time.process_time() - t0) / (reps * len(xh))
    t0 = time.process_time()
    for i in range(min(50, len(xh))):
        m.predict(xh[i : i + 1])
    single_us = 1e6 * (time.process_time() - t0) / min(50, len(xh))
    return fit, quality(prob.task, prob.y[held], p), batch_us, single_us


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--archc", required=True)
    ap.add_argument("--data", required=True, help="directory of nova-simple-00001-05000.csv")
    ap.add_argument("--splits", type=int, default=20,
                    help="splits of the NOvA problems (their held-out sets are small)")
    ap.add_argument("--synthetic", type=int, default=5000,
                    help="rows of the Friedman #1 timing problem (0: skip it)")
    ap.add_argument("--synthetic-splits", type=int, default=3)
    ap.add_argument("--nb201", help="nb201-cifar10.csv as `make models` writes it")
    ap.add_argument("--nb201-train", help="src/models/nb201-train.txt")
    ap.add_argument("--nb201-seeds", type=int, default=3)
    a = ap.parse_args()
    settings = dict(trees=200, max_depth=None, min_split=2, min_leaf=1)
    tmp = tempfile.mkdtemp(prefix="archc-bench.")
    problems = [nova(a.data, "regress"), nova(a.data, "classify")]
    if a.synthetic:
        problems.append(synthetic(a.synthetic, tmp))
    if a.nb201:
        problems.append(nb201(a.nb201, a.nb201_train))
    print("200 trees, bootstrap, no depth limit, min split 2, min leaf 1 (2 for nb201); "
          "features per split: all (regress), sqrt (classify); n_jobs=1")
    print("quality: held-out R^2 (regress) or balanced accuracy (classify); tau: held-out "
          "Kendall tau-b (regress); times: CPU\n")
    hdr = ("problem", "split", "n_train", "archc_fit_s", "sklearn_fit_s", "archc_q",
           "sklearn_q", "archc_tau", "sklearn_tau", "archc_us", "sklearn_batch_us",
           "sklearn_1row_us", "archc_wall_s")
    row = "%-18s %5s %7s %11.3f %13.3f %8.4f %9.4f %9.4f %11.4f %8.1f %16.1f %15.1f %12.3f"
    print("%-18s %5s %7s %11s %13s %8s %9s %9s %11s %8s %16s %15s %12s" % hdr)
    for prob in problems:
        s = dict(settings, min_leaf=prob.min_leaf)
        s["max_features_archc"] = "sqrt" if prob.task == "classify" else "all"
        s["max_features_sklearn"] = "sqrt" if prob.task == "classify" else 1.0
        res = []
        runs = (a.synthetic_splits if prob.name.startswith("friedman") else
                a.nb201_seeds if prob.held is not None else a.splits)
        for k in range(runs):
            held = prob.held if prob.held is not None else split(
                len(prob.y), 1000 + k, prob.y, prob.task)
            af, aw, (aq, at), aus = run_archc(a.archc, prob, s, held, k + 1, tmp)
            sf, (sq, st), sus, s1 = run_sklearn(prob, s, held, k + 1)
            res.append((af, sf, aq, sq, at, st, aus, sus, s1, aw))
            print(row % ((prob.name, k, int((~held).sum())) + res[-1]))
        m = np.mean(res, axis=0)
        print(row % ((prob.name, "mean", "") + tuple(m)))
        # Times: the median shrugs off a run slowed by other work.
        print(row % ((prob.name, "med", "") + tuple(np.median(res, axis=0))))
        print(("%-18s min fit archc %.3f s, sklearn %.3f s; quality difference archc - "
               "sklearn: %+.4f (per-split sd %.4f)") % (
                   prob.name, min(r[0] for r in res), min(r[1] for r in res), m[2] - m[3],
                   np.std([r[2] - r[3] for r in res], ddof=1) if len(res) > 1 else 0), end="")
        if prob.task == "regress":
            print("; tau %+.4f" % (m[4] - m[5]), end="")
        print("\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
