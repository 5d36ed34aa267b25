#!/usr/bin/python3
"""K-means benchmark helper: generates the synthetic customers, runs scikit-learn's k search on them and
prints the comparison with the Java run.

  sklearn_kmeans.py generate FILE N SEED      write N x 3 float64 (little-endian, row-major) to FILE
  sklearn_kmeans.py fit FILE KMIN KMAX RESTARTS SAMPLE SEED
                                              one JSON line per k on stdout (same shape as KMeansBench)
  sklearn_kmeans.py compare JAVA_JSONL SKLEARN_JSONL
                                              the side-by-side table

Use Debian's /usr/bin/python3 with python3-sklearn.
"""
import json
import sys
import time

import numpy as np


def generate(path, n, seed):
    """RFM-like customers from 6 latent segments, log1p'd and standardised as the trainer does."""
    rng = np.random.RandomState(seed)
    # segment: share, recency days (mean), orders (mean), spend per order (log-mean)
    segments = [(0.30, 20, 12, 4.0), (0.25, 90, 4, 3.5), (0.20, 200, 2, 3.0),
                (0.15, 330, 1, 2.5), (0.07, 10, 40, 5.0), (0.03, 5, 120, 6.0)]
    shares = np.array([s[0] for s in segments])
    seg = rng.choice(len(segments), size=n, p=shares / shares.sum())
    recency = np.array([s[1] for s in segments])[seg] * rng.gamma(2.0, 0.5, n)
    frequency = 1 + rng.poisson(np.array([s[2] for s in segments])[seg])
    monetary = frequency * np.exp(np.array([s[3] for s in segments])[seg] + 0.6 * rng.randn(n))
    x = np.log1p(np.c_[recency, frequency, monetary])
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    x.astype('<f8').tofile(path)


def load(path):
    return np.fromfile(path, dtype='<f8').reshape(-1, 3)


def fit(path, kmin, kmax, restarts, sample, seed):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    import sklearn
    t = time.perf_counter()
    x = load(path)
    print(json.dumps({"impl": "scikit-learn " + sklearn.__version__, "load_s": time.perf_counter() - t}), flush=True)
    for k in range(kmin, kmax + 1):
        t0, c0 = time.perf_counter(), time.process_time()
        km = KMeans(n_clusters=k, n_init=restarts, random_state=seed).fit(x)
        t1, c1 = time.perf_counter(), time.process_time()
        sil = float("nan")
        if k > 1:
            sil = silhouette_score(x, km.labels_, sample_size=sample if sample > 0 else None, random_state=seed)
        t2, c2 = time.perf_counter(), time.process_time()
        print(json.dumps({"k": k, "fit_s": t1 - t0, "silhouette_s": t2 - t1, "fit_cpu_s": c1 - c0,
                          "silhouette_cpu_s": c2 - c1, "inertia": km.inertia_, "silhouette": sil,
                          "iterations": int(km.n_iter_)}), flush=True)


def read(path):
    head, rows = None, {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            obj = json.loads(line)
            if "k" in obj:
                rows[obj["k"]] = obj
            else:
                head = obj
    return head, rows


def compare(java_path, sk_path):
    jh, j = read(java_path)
    sh, s = read(sk_path)
    print(f"Java: {jh['impl']}   vs   {sh['impl']}")
    print("wall seconds (cpu seconds of the process, all threads); silhouette on the sample")
    print(f"{'k':>3} | {'java fit':>15} {'java silh.':>13} {'inertia':>13} {'silh':>7} | "
          f"{'sklearn fit':>15} {'sklearn silh.':>13} {'inertia':>13} {'silh':>7} | {'inertia diff':>12}")
    tot = {"jw": 0.0, "jc": 0.0, "sw": 0.0, "sc": 0.0}

    def cell(w, c):
        return f"{w:6.2f} ({c:6.2f})"

    for k in sorted(j):
        a, b = j[k], s.get(k)
        if b is None:
            continue
        tot["jw"] += a["fit_s"] + a["silhouette_s"]
        tot["jc"] += a["fit_cpu_s"] + a["silhouette_cpu_s"]
        tot["sw"] += b["fit_s"] + b["silhouette_s"]
        tot["sc"] += b["fit_cpu_s"] + b["silhouette_cpu_s"]
        diff = (a["inertia"] - b["inertia"]) / b["inertia"]
        print(f"{k:>3} | {cell(a['fit_s'], a['fit_cpu_s']):>15} {a['silhouette_s']:6.2f} ({a['silhouette_cpu_s']:4.2f}) "
              f"{a['inertia']:>13.2f} {a['silhouette']:>7.4f} | "
              f"{cell(b['fit_s'], b['fit_cpu_s']):>15} {b['silhouette_s']:6.2f} ({b['silhouette_cpu_s']:4.2f}) "
              f"{b['inertia']:>13.2f} {b['silhouette']:>7.4f} | {diff:>+12.2e}")
    print(f"total wall: java {tot['jw']:.2f} s, scikit-learn {tot['sw']:.2f} s, java/sklearn = {tot['jw'] / tot['sw']:.2f}")
    print(f"total cpu:  java {tot['jc']:.2f} s, scikit-learn {tot['sc']:.2f} s, java/sklearn = {tot['jc'] / tot['sc']:.2f}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "fit":
        fit(sys.argv[2], *map(int, sys.argv[3:8]))
    elif cmd == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
