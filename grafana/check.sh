#!/usr/bin/env bash
# Static checks of the Prometheus config and alert rules (promtool from the prometheus package).
# Usage: grafana/check.sh   (from anywhere; exits non-zero on the first failure)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/prometheus"
if ! command -v promtool >/dev/null 2>&1; then
  echo "check.sh: promtool not found (apt-get install prometheus, or a Prometheus release tarball)" >&2
  exit 1
fi
promtool check config prometheus.yml
promtool check rules alerts.yml
promtool test rules alerts_test.yml
