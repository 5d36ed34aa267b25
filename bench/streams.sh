#!/usr/bin/env bash
# Streaming benchmarks (DESIGN.md "Promises to measure"): throughput against a plain Kafka Streams
# pass-through, end-to-end latency at a paced load, restore time. Not part of the test suite.
#
#   bench/streams.sh [streams|latency|restore|all] [key=value ...]
#     streams: tx=200000 customers=5000 rekey=0.25 partitions=6 rounds=2 commit.ms=100 app.KEY=VALUE (segmenter only) wall=1 (where its stream thread waits)
#     every benchmark: broker.KEY=VALUE (the embedded broker's settings)
#     latency: rate=2000 seconds=60 warmup=10 customers=5000 rekey=0.25 partitions=6
#     restore: restore.customers=100000 partitions=6 failover=1 session.timeout.ms=6000
#
# Builds the cli module's test classes through the reactor, then runs
# io.segmenter.cli.bench.StreamsBench on an embedded broker in a temporary directory.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow} JAVA_HOME=$JAVA_HOME \
  mvn -B -q -pl cli -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >"$WORK/mvn.log" 2>&1 \
  || { cat "$WORK/mvn.log"; exit 1; }
CP="$ROOT/cli/target/test-classes:$ROOT/cli/target/classes:$(cat "$WORK/cp.txt")"

"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xmx2g} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -Dlogback.configurationFile="$ROOT/bench/logback-bench.xml" -cp "$CP" io.segmenter.cli.bench.StreamsBench "$@"
