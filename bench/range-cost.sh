#!/usr/bin/env bash
# bench/range-cost.sh: the S3 function's cost per byte range, without S3 or Lambda: the
# function's pass (AnalyzeCsvRange) over ranges of a local CSV file in one thread, and the
# size and JSON cost of each answer (what lambda-local prints and the client parses), with
# the counts as arrays and encoded (CsvRangeRequest.encoded_answer, as the Lambda client asks).
#
#   bench/range-cost.sh FILE [RANGE_MIB (16)] [RANGES (6)]
#
# Needs the built jar of functions/mapreduce (./mvnw -B -q -DskipTests package). The first
# range includes the JIT's warm-up, as a function instance's first call does.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
jar="$root/functions/mapreduce/target/functions-mapreduce-0.1.0-SNAPSHOT-aws.jar"
[[ -f "$jar" ]] || { echo "bench/range-cost.sh: build $jar first" >&2; exit 1; }
[[ $# -ge 1 ]] || { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }
# Lambda's collector at 1,024 MB and more (template.yaml sets it).
exec java -XX:+UseSerialGC -Xmx1g -cp "$jar" "$root/bench/range-cost/RangeCost.java" \
  "$1" "$(( ${2:-16} << 20 ))" "${3:-6}"
