#!/usr/bin/env bash
# Every benchmark driver in turn, then the tables and the chart. Run on an otherwise idle machine, from the
# repository root: `bash benchmarks/run-all.sh` (about an hour on 2 cores). Needs wrk and redis-benchmark
# (`apt-get install wrk redis-tools`) and Node 20 with npm for the Better Auth peer. Each driver waits for the
# 1-minute load average to fall to 1.0 before its timed runs where it says so; the log goes to
# benchmarks/results/run-all.log. Set ONLY="PeerRun HttpRun" to run some drivers.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in wrk redis-benchmark node npm; do
  command -v "$tool" >/dev/null || { echo "run-all: $tool is not installed" >&2; exit 1; }
done
./mvnw -B -q -Pbench -pl benchmarks -am -DskipTests package
mkdir -p benchmarks/results
log=benchmarks/results/run-all.log
jar=benchmarks/target/benchmarks.jar
for driver in ${ONLY:-RuleKeysRun HttpRun PeerRun SessionRun RateLimitRun UpstashRun}; do
  echo "== $driver $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
  java -cp "$jar" "dev.authstash.bench.$driver" 2>&1 | tee -a "$log"
done
java -cp "$jar" dev.authstash.bench.Summarize | tee -a "$log"
