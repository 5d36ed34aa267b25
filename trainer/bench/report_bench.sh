#!/usr/bin/env bash
# Report benchmark: `./segmenter report --csv FILE --preset notebook` against the reference notebook's own
# pandas + scikit-learn process (notebook_rfm.py), both as whole processes, run alternately RUNS times in
# the same run (the order swaps every round). Prints every time, the median ratio, and both processes'
# figures side by side (the k = 3 sizes and silhouette must agree). Not part of the test suite.
#
#   trainer/bench/report_bench.sh [RUNS=5] [FILE=datasets/online_retail.csv.gz]
#   SEGMENTER=/other/checkout/segmenter trainer/bench/report_bench.sh ...   # time another build's launcher
#   NOTEBOOK_ARGS=--all-silhouettes trainer/bench/report_bench.sh ...       # python also scores k = 2..10
#
# The notebook scores the silhouette of k = 3 only; the segmenter's report scores every k = 2..10 (on all
# 4,339 points), so by default the Java side does more work; see notebook_rfm.py.
#
# The Java side is the launcher exactly as a user runs it (./segmenter, which builds only when a source is
# newer than the jar: it is called once before the timed runs, and a timed run that built fails the
# bench). Needs JDK 25 (found by the launcher), Maven for that first build, and Debian's python3-pandas
# and python3-sklearn (/usr/bin/python3; `apt-get install -y python3-pandas python3-sklearn`).
set -euo pipefail
RUNS=${1:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FILE=${2:-$ROOT/datasets/online_retail.csv.gz}
BENCH="$ROOT/trainer/bench"
PY=${PYTHON:-/usr/bin/python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

LAUNCHER=${SEGMENTER:-$ROOT/segmenter}
JAVA_CMD=("$LAUNCHER" report --csv "$FILE" --preset notebook)
# shellcheck disable=SC2206
PY_CMD=("$PY" "$BENCH/notebook_rfm.py" "$FILE" ${NOTEBOOK_ARGS:-})

echo "load at start: $(uptime)"
echo "building if needed (untimed): ./segmenter --version"
"$LAUNCHER" --version >/dev/null
"$PY" -c 'import pandas, sklearn' 2>/dev/null \
  || { echo "needs $PY with pandas and scikit-learn: apt-get install -y python3-pandas python3-sklearn" >&2; exit 1; }
echo "java:   ${JAVA_CMD[*]}"
echo "        (the launcher as a user runs it; it ends in:"
sed -n '/^exec "\$JAVA_HOME\/bin\/java"/,/SegmenterCli/p' "$LAUNCHER" | sed 's/^ */          /'
echo "         on $(JAVA_OPTS=-XshowSettings:properties "$LAUNCHER" --version 2>&1 >/dev/null \
                  | sed -n 's/^ *java\.\(runtime\.version\|home\) = //p' | paste -sd' ' -))"
echo "python: ${PY_CMD[*]}"
echo "        ($("$PY" -c 'import sys, pandas, sklearn, numpy; print(f"Python {sys.version.split()[0]}, pandas {pandas.__version__}, scikit-learn {sklearn.__version__}, numpy {numpy.__version__}")'))"
echo

# time_run NAME OUT CMD...: wall seconds (bash clock) and CPU seconds of the process tree (user + sys)
time_run() {
  local name=$1 out=$2
  shift 2
  local start end
  start=$EPOCHREALTIME
  /usr/bin/time -f "%U %S" -o "$WORK/$name.cpu" "$@" >"$out" 2>"$WORK/$name.err"
  end=$EPOCHREALTIME
  WALL=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
  CPU=$(awk '{ printf "%.2f", $1 + $2 }' "$WORK/$name.cpu")
}

printf '%5s | %15s | %15s | %6s\n' run "java wall (cpu)" "python (cpu)" ratio
ratios=() javas=() pythons=()
for ((i = 1; i <= RUNS; i++)); do
  order=(java python)
  ((i % 2 == 0)) && order=(python java)
  for side in "${order[@]}"; do
    if [[ $side == java ]]; then
      time_run java "$WORK/java.out" "${JAVA_CMD[@]}"
      if grep -q "segmenter: building" "$WORK/java.err"; then
        echo "run $i: the launcher rebuilt the project inside a timed run; rerun the bench" >&2
        exit 1
      fi
      JW=$WALL JC=$CPU
    else
      time_run python "$WORK/python.out" "${PY_CMD[@]}"
      PW=$WALL PC=$CPU
    fi
  done
  ratio=$(awk -v j="$JW" -v p="$PW" 'BEGIN { printf "%.2f", j / p }')
  ratios+=("$ratio") javas+=("$JW") pythons+=("$PW")
  printf '%5s | %6.2f (%6.2f) | %6.2f (%6.2f) | %6.2f   %s\n' "$i" "$JW" "$JC" "$PW" "$PC" "$ratio" "$(grep '^phases:' "$WORK/python.out")"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo
echo "median: java $(median "${javas[@]}") s, python $(median "${pythons[@]}") s; median of the per-run ratios java/python = $(median "${ratios[@]}")"
echo "load at end: $(uptime)"
echo
"$PY" "$BENCH/notebook_rfm.py" compare "$WORK/java.out" "$WORK/python.out"
