#!/usr/bin/env python3
"""Random forests in archc against scikit-learn, side by side in one run.

For each data set and each of several seeded 80/20 splits, both train a
200-tree forest with the same settings (bootstrap, max_depth, min split,
min leaf, features per split) on the same training networks; both are
scored on the same held-out networks. Prints training time, held-out
quality and prediction time per network for each, then the mean over the
splits. archc's times are its own (--timing: the fit of the final model,
and model_predict per network including the interval and the domain
distance); scikit-learn's are fit() and predict() with n_jobs=1.

Usage: train_forest.py --archc PATH --data DIR [--splits N] [--synthetic N]
                       [--synthetic-splits N]
Needs numpy and scikit-learn (Debian: python3-sklearn).
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
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

    def __init__(self, name, csv_path, keys, x, y, task, archc_args):
        self.name, self.csv, self.keys = name, csv_path, keys
        self.x, self.y, self.task, self.archc_args = x, y, task, archc_args


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
    if task == "classify":
        return balanced_accuracy_score(y > 0.5, pred > 0.5)
    return r2_score(y, pred)


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
    pred = {}
    for r in csv.DictReader(open(pred_csv)):
        if r["set"] == "heldout":
            pred[r["key"]] = float(r["prediction"])
    keys = [k for k, h in zip(prob.keys, held) if h]
    p = np.array([pred[k] for k in keys])
    return (float(timing["time.train_s"]), wall, quality(prob.task, prob.y[held], p),
            float(timing["time.predict_us_per_network"]))


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
    t0 = time.perf_counter()
    m.fit(x[~held], prob.y[~held])
    fit = time.perf_counter() - t0
    xh = x[held]
    if prob.task == "classify":
        p = m.predict_proba(xh)[:, list(m.classes_).index(1.0)]
    else:
        p = m.predict(xh)
    t0 = time.perf_counter()
    reps = 0
    while time.perf_counter() - t0 < 0.2:
        m.predict(xh)
        reps += 1
    batch_us = 1e6 * (time.perf_counter() - t0) / (reps * len(xh))
    t0 = time.perf_counter()
    for i in range(min(50, len(xh))):
        m.predict(xh[i : i + 1])
    single_us = 1e6 * (time.perf_counter() - t0) / min(50, len(xh))
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
    a = ap.parse_args()
    settings = dict(trees=200, max_depth=None, min_split=2, min_leaf=1)
    tmp = tempfile.mkdtemp(prefix="archc-bench.")
    problems = [nova(a.data, "regress"), nova(a.data, "classify")]
    if a.synthetic:
        problems.append(synthetic(a.synthetic, tmp))
    print("200 trees, bootstrap, no depth limit, min split 2, min leaf 1; features per "
          "split: all (regress), sqrt (classify); n_jobs=1")
    print("quality: held-out R^2 (regress) or balanced accuracy (classify)\n")
    hdr = ("problem", "split", "n_train", "archc_fit_s", "sklearn_fit_s", "archc_q",
           "sklearn_q", "archc_us", "sklearn_batch_us", "sklearn_1row_us", "archc_wall_s")
    print("%-18s %5s %7s %11s %13s %8s %9s %8s %16s %15s %12s" % hdr)
    for prob in problems:
        s = dict(settings)
        s["max_features_archc"] = "sqrt" if prob.task == "classify" else "all"
        s["max_features_sklearn"] = "sqrt" if prob.task == "classify" else 1.0
        res = []
        for k in range(a.synthetic_splits if prob.name.startswith("friedman") else a.splits):
            held = split(len(prob.y), 1000 + k, prob.y, prob.task)
            af, aw, aq, aus = run_archc(a.archc, prob, s, held, k + 1, tmp)
            sf, sq, sus, s1 = run_sklearn(prob, s, held, k + 1)
            res.append((af, sf, aq, sq, aus, sus, s1, aw))
            print("%-18s %5d %7d %11.3f %13.3f %8.4f %9.4f %8.1f %16.1f %15.1f %12.3f" % (
                prob.name, k, int((~held).sum()), af, sf, aq, sq, aus, sus, s1, aw))
        m = np.mean(res, axis=0)
        print("%-18s %5s %7s %11.3f %13.3f %8.4f %9.4f %8.1f %16.1f %15.1f %12.3f" % (
            prob.name, "mean", "", m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]))
        print("%-18s quality difference archc - sklearn: %+.4f (per-split sd %.4f)\n" % (
            prob.name, m[2] - m[3], np.std([r[2] - r[3] for r in res], ddof=1)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
