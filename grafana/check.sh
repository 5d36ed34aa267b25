#!/usr/bin/env bash
# Static checks of the monitoring files with promtool (from the prometheus package):
# the Prometheus config, the alert rules and their unit tests, and that every dashboard query parses.
# Usage: grafana/check.sh   (from anywhere; exits non-zero on the first failure)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v promtool >/dev/null 2>&1; then
  echo "check.sh: promtool not found (apt-get install prometheus, or a Prometheus release tarball)" >&2
  exit 1
fi
cd "$HERE/prometheus"
promtool check config prometheus.yml
promtool check rules alerts.yml
promtool test rules alerts_test.yml

# Dashboard queries: Grafana's $__rate_interval/$__range become fixed windows, then each query is
# parsed by promtool as a recording rule. This proves syntax only, not that the series exist.
if command -v python3 >/dev/null 2>&1; then
  rules="$(mktemp --suffix=.yml)"
  trap 'rm -f "$rules"' EXIT
  python3 - "$HERE/dashboards" "$rules" <<'PY'
import glob, json, os, sys
exprs = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    for panel in json.load(open(path))["panels"]:
        for target in panel.get("targets", []):
            expr = target["expr"].replace("$__rate_interval", "1m").replace("$__range", "1h")
            exprs.append((f"{os.path.basename(path)} / {panel['title']}", expr))
with open(sys.argv[2], "w") as out:
    out.write("groups:\n  - name: dashboard-queries\n    rules:\n")
    for i, (where, expr) in enumerate(exprs):
        out.write(f"      # {where}\n      - record: dashboard:query_{i}\n        expr: {json.dumps(expr)}\n")
print(f"dashboard queries: {len(exprs)}")
PY
  promtool check rules "$rules"
else
  echo "check.sh: python3 not found; dashboard queries not parsed" >&2
fi
