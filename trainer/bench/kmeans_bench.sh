#!/usr/bin/env bash
# K-means benchmark: the k = KMIN..KMAX search (RESTARTS restarts each, silhouette on a SAMPLE-point
# sample) in Java (io.segmenter.trainer.kmeans.KMeansSearch) and in scikit-learn, on the same synthetic
# customers, in the same run. Not part of the test suite.
#
#   trainer/bench/kmeans_bench.sh [N=1000000] [KMIN=2] [KMAX=10] [RESTARTS=10] [SAMPLE=10000] [SEED=42]
#   SMILE_K=8 trainer/bench/kmeans_bench.sh ...   # also time Smile's KMeans.fit at that k
#
# Needs JDK 25 (JAVA_HOME) and Debian's python3-sklearn (/usr/bin/python3).
set -euo pipefail
N=${1:-1000000} KMIN=${2:-2} KMAX=${3:-10} RESTARTS=${4:-10} SAMPLE=${5:-10000} SEED=${6:-42}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/trainer/bench"
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PY=${PYTHON:-/usr/bin/python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow} JAVA_HOME=$JAVA_HOME \
  mvn -B -q -o -pl trainer -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >"$WORK/mvn.log" 2>&1 \
  || { cat "$WORK/mvn.log"; exit 1; }
CP="$ROOT/trainer/target/test-classes:$ROOT/trainer/target/classes:$(cat "$WORK/cp.txt")"

echo "generating $N x 3 synthetic customers (seed $SEED)"
"$PY" "$BENCH/sklearn_kmeans.py" generate "$WORK/data.f64" "$N" "$SEED"

JAVA=("$JAVA_HOME/bin/java" -Xmx4g -Dlogback.configurationFile="$BENCH/logback-bench.xml" -cp "$CP" io.segmenter.trainer.kmeans.KMeansBench "$WORK/data.f64" \
  "$KMIN" "$KMAX" "$RESTARTS" "$SAMPLE" "$SEED")
if [[ -n "${SMILE_K:-}" ]]; then
  echo "Smile KMeans.fit(data, $SMILE_K, 300), 3 calls:"
  "${JAVA[@]}" smile "$SMILE_K"
fi
echo "java search (one JVM, k in order, JIT warm-up included)..."
"${JAVA[@]}" | tee "$WORK/java.jsonl"
echo "scikit-learn search..."
"$PY" "$BENCH/sklearn_kmeans.py" fit "$WORK/data.f64" "$KMIN" "$KMAX" "$RESTARTS" "$SAMPLE" "$SEED" | tee "$WORK/sklearn.jsonl"
echo
"$PY" "$BENCH/sklearn_kmeans.py" compare "$WORK/java.jsonl" "$WORK/sklearn.jsonl"
