#!/usr/bin/python3
"""Report benchmark helper: the reference notebook's pipeline on Online Retail in pandas and scikit-learn,
as `./segmenter report --preset notebook` reproduces it, and the comparison of the two outputs.

  notebook_rfm.py FILE [--sorted] [--all-silhouettes]
                                          the pipeline, as a whole process; FILE as pandas reads it (gzip by .gz)
  notebook_rfm.py compare SEGMENTER_OUT NOTEBOOK_OUT
                                          the figures side by side; exit 1 when the k = 3 ones differ

The pipeline, step for step what NotebookRfm and NotebookRfm.options() do: rows without CustomerID
dropped, exact duplicate rows dropped, Quantity > 0 kept, TotalPrice = Quantity x UnitPrice; per customer
Recency = whole days from (max InvoiceDate + 1 day) to the last line, Frequency = lines, Monetary = sum of
TotalPrice; quartiles and the notebook's five named segments; raw R/F/M through StandardScaler; KMeans
(n_init=50, random_state=42; scikit-learn's defaults otherwise: k-means++, lloyd, tol 1e-4, max_iter 300)
for k = 1..10, the elbow; k = 3 is the notebook's model, and silhouette_score on all its points. The
notebook scores k = 3 only; --all-silhouettes also scores k = 2..10 on all points, as the segmenter does
(its report lists them all), which is the same work on both sides (about 2 s more here).

Customers in the order of their first line (the default: groupby(sort=False), the order the segmenter
keeps, so every k matches it) or, with --sorted, by CustomerID (the notebook's plain groupby; k-means++
then draws other points and k >= 4 lands on other local optima within 1 %, as the README's table shows;
k = 1..3 are the same). The time is the same either way.

Prints the figures the segmenter's text report shows, at its precision, one `key: value` per line, then
`phases:` with the seconds each step took (import = pandas and scikit-learn). Use Debian's
/usr/bin/python3 with python3-pandas and python3-sklearn.
"""
import re
import sys
import time


def main(path, sort=False, all_silhouettes=False):
    t0 = time.perf_counter()
    import datetime as dt
    import pandas as pd
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler
    phases = []
    last = t0

    def phase(name):
        nonlocal last
        now = time.perf_counter()
        phases.append((name, now - last))
        last = now

    phase("import")
    df = pd.read_csv(path, parse_dates=["InvoiceDate"])
    rows = len(df)
    phase("read_csv")
    df = df.dropna(subset=["CustomerID"])
    with_customer = len(df)
    df = df.drop_duplicates()
    deduplicated = len(df)
    df = df[df["Quantity"] > 0].copy()
    positive = len(df)
    df["TotalPrice"] = df["Quantity"] * df["UnitPrice"]
    snapshot = df["InvoiceDate"].max() + dt.timedelta(days=1)
    rfm = df.groupby("CustomerID", sort=sort).agg({
        "InvoiceDate": lambda x: (snapshot - x.max()).days,
        "InvoiceNo": "count",
        "TotalPrice": "sum",
    })
    rfm.columns = ["Recency", "Frequency", "Monetary"]
    phase("clean+rfm")

    # Quartiles and the notebook's R/F/M scores (1 = best) and named segments.
    q = rfm.quantile(q=[0.25, 0.5, 0.75])

    def r_score(x, c):
        return 1 if x <= q[c][0.25] else 2 if x <= q[c][0.5] else 3 if x <= q[c][0.75] else 4

    def fm_score(x, c):
        return 4 if x <= q[c][0.25] else 3 if x <= q[c][0.5] else 2 if x <= q[c][0.75] else 1

    r = rfm["Recency"].apply(r_score, args=("Recency",))
    f = rfm["Frequency"].apply(fm_score, args=("Frequency",))
    m = rfm["Monetary"].apply(fm_score, args=("Monetary",))
    cls = r.astype(str) + f.astype(str) + m.astype(str)
    named = {"Top tier": int((cls == "111").sum()), "Loyal": int((f == 1).sum()), "High spenders": int((m == 1).sum()),
             "Inactive but potentially returning": int((cls == "322").sum()),
             "Inactive and unlikely to return": int((cls == "444").sum())}
    phase("quartiles")

    x = StandardScaler().fit_transform(rfm[["Recency", "Frequency", "Monetary"]])
    inertia, silhouette, sizes = {}, {}, None
    t_fit = t_sil = 0.0
    for k in range(1, 11):
        t = time.perf_counter()
        km = KMeans(n_clusters=k, n_init=50, random_state=42).fit(x)
        t_fit += time.perf_counter() - t
        inertia[k] = km.inertia_
        if k == 3 or (k >= 2 and all_silhouettes):
            t = time.perf_counter()
            silhouette[k] = silhouette_score(x, km.labels_)
            t_sil += time.perf_counter() - t
        if k == 3:
            sizes = sorted(int(s) for s in pd.Series(km.labels_).value_counts())
    phases.append(("kmeans k=1..10", t_fit))
    phases.append(("silhouette k=" + ("2..10" if all_silhouettes else "3"), t_sil))
    last = time.perf_counter()

    print(f"steps: {rows} rows; {with_customer} with CustomerID; {deduplicated} after dropping exact duplicates; "
          f"{positive} with Quantity > 0")
    print(f"customers: {len(rfm)}")
    for c in ("Recency", "Frequency", "Monetary"):
        print(f"quartiles {c.lower()}: " + " / ".join(f"{v:.3f}" for v in q[c]))
    for name, count in named.items():
        print(f"named {name}: {count}")
    for k in range(1, 11):
        print(f"k={k} inertia: {inertia[k]:.2f}")
        if k in silhouette:
            print(f"k={k} silhouette: {silhouette[k]:.4f}")
    print(f"k=3 sizes: {' / '.join(str(s) for s in sizes)}")
    phase("print")
    print("phases: " + ", ".join(f"{n} {s:.2f}" for n, s in phases) + f" (in-process total {time.perf_counter() - t0:.2f} s)")


def segmenter_figures(text):
    """The same keys from the segmenter's text report."""
    out = {}
    section = None
    for line in text.splitlines():
        if line and not line.startswith(" "):
            section = line
            continue
        s = line.strip()
        mt = re.match(r"(\d+ rows; .*)$", s)
        if section == "Input" and mt:
            out["steps"] = mt.group(1)
        mt = re.match(r"customers clustered: (\d+)$", s)
        if mt:
            out["customers"] = mt.group(1)
        mt = re.match(r"(recency|frequency|monetary) +([\d.]+ / [\d.]+ / [\d.]+)$", s)
        if section and section.startswith("RFM quartile") and mt:
            out[f"quartiles {mt.group(1)}"] = mt.group(2)
        mt = re.match(r"(.+?) {2,}(\d+) +[\d.]+ %$", s)
        if section and section.startswith("Named RFM") and mt:
            out[f"named {mt.group(1)}"] = mt.group(2)
        mt = re.match(r"k = +(\d+): +([\d.]+) +([\d.]+|-) ", s)
        if section and section.startswith("K search") and mt:
            out[f"k={mt.group(1)} inertia"] = mt.group(2)
            if mt.group(3) != "-":
                out[f"k={mt.group(1)} silhouette"] = mt.group(3)
        mt = re.match(r"\d+ +.+? +(\d+) +[\d.]+%$", s)
        if section and section.startswith("Segments (k = 3") and mt:
            out.setdefault("sizes", []).append(int(mt.group(1)))
    if "sizes" in out:
        out["k=3 sizes"] = " / ".join(str(v) for v in sorted(out.pop("sizes")))
    return out


def notebook_figures(text):
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition(": ")
        if sep and key != "phases":
            out[key] = value
    return out


def compare(segmenter_path, notebook_path):
    with open(segmenter_path) as f:
        seg = segmenter_figures(f.read())
    with open(notebook_path) as f:
        nb = notebook_figures(f.read())
    must = ("customers", "k=3 sizes", "k=3 silhouette")
    width = max(len(k) for k in nb)
    print(f"{'figure':<{width}}  {'segmenter':>24}  {'notebook (pandas + sklearn)':>28}")
    failed = []
    for key, value in nb.items():
        mine = seg.get(key, "(missing)")
        same = mine == value
        if key == "steps":
            print(f"{key:<{width}}  {'same' if same else 'DIFFERENT'}: {value}" + ("" if same else f" vs {mine}"))
        else:
            print(f"{key:<{width}}  {mine:>24}  {value:>28}  {'same' if same else 'DIFFERENT'}")
        if not same and (key in must or key == "steps"):
            failed.append(key)
    if failed:
        print("DIFFERENT: " + ", ".join(failed))
        return 1
    print("the k = 3 sizes and silhouette, the customers and the cleaning steps agree")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    flags = set(sys.argv[2:])
    if len(sys.argv) < 2 or sys.argv[1].startswith("-") or not flags <= {"--sorted", "--all-silhouettes"}:
        sys.exit(__doc__)
    main(sys.argv[1], "--sorted" in flags, "--all-silhouettes" in flags)
