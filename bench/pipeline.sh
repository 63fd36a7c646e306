#!/usr/bin/env bash
# bench/pipeline.sh: times the whole pipeline, in one run over the same generated files, on
# three setups:
#   inprocess  the functions called directly, no transport (the floor)
#   embedded   the gRPC host started inside the client, called on loopback
#   lambda     the Lambda Invoke API of `music-analytics lambda-local`, a separate process
#              started fresh for each run with --warm, so the functions' init is not in the
#              timed run (bench/cold-start.sh measures cold starts); its peak RSS is
#              reported too
#   s3lambda   the same lambda-local, the input read from S3 by the functions: the file is
#              put into S3Proxy (org.gaul:s3proxy, transient store, on loopback, started
#              once) and the client runs --input s3://bench/N.csv, one analyzeCsvRange
#              invocation per byte range of --shard-bytes (16 MiB by default)
#
#   bench/pipeline.sh [--sizes 100000,1000000,10000000]
#                     [--setups inprocess,embedded,lambda[,s3lambda]]
#                     [--repeat N] [--out bench/results.md] [--history URL|off]
#                     [-- extra run options...]
#
# Input: `music-analytics generate --records N --seed 1` into bench/data/N.csv, made once
# and reused (bench/data/ is not committed). Every run is a fresh `music-analytics run` JVM
# through the launcher, so its JVM options (heap, GC, class data sharing) are the ones
# measured. Per run: pipeline time and per-stage times from the results file
# (performance.total_workflow_time, performance.*_time), wall time, CPU time (user + system,
# steadier than wall time on a busy machine) and peak RSS of the client from GNU time
# (/usr/bin/time -v), and the endpoint's peak RSS from
# /proc/PID/status (VmHWM) just before it is stopped. With --repeat N each figure is the
# median of N runs. Options after `--` go to every `run` (e.g. -- --concurrency 4).
#
# --history: where each run is recorded (a JDBC URL, e.g. jdbc:postgresql://..., or off for
# --no-history); by default the run's own results directory's SQLite history.db, as a
# plain `run` does. The recording is inside the timed run (wall and CPU time), not inside
# the pipeline time.
#
# Prints the table and writes it as Markdown to --out (default bench/results.md).
set -euo pipefail
# The whole script is one block, read before it runs: editing the file (or checking out
# another version) during a long benchmark cannot change the run.
{

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cli="$root/music-analytics"
sizes="100000,1000000,10000000"
setups="inprocess,embedded,lambda"
repeat=1
out="$root/bench/results.md"
extra=()
history_args=()
command_line="bench/pipeline.sh${*:+ $*}"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --setups) setups="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --history)
      if [[ "$2" == off ]]; then history_args=(--no-history); else history_args=(--history "$2"); fi
      shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/pipeline.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$sizes" =~ ^[0-9]+(,[0-9]+)*$ ]] \
  || { echo "bench/pipeline.sh: --sizes must be numbers separated by commas, was '$sizes'" >&2; exit 2; }
[[ "$setups" =~ ^(inprocess|embedded|lambda|s3lambda)(,(inprocess|embedded|lambda|s3lambda))*$ ]] \
  || { echo "bench/pipeline.sh: --setups takes inprocess, embedded, lambda, s3lambda, was '$setups'" >&2; exit 2; }
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] \
  || { echo "bench/pipeline.sh: --repeat must be a positive number, was '$repeat'" >&2; exit 2; }
[[ -x /usr/bin/time ]] \
  || { echo "bench/pipeline.sh: needs GNU time (/usr/bin/time; apt-get install time)" >&2; exit 1; }

IFS=, read -r -a size_list <<<"$sizes"
IFS=, read -r -a setup_list <<<"$setups"

work="$(mktemp -d)"
endpoint_pid=""
s3_pid=""
cleanup() {
  if [[ -n "$endpoint_pid" ]]; then
    kill "$endpoint_pid" 2>/dev/null || true
    wait "$endpoint_pid" 2>/dev/null || true
  fi
  if [[ -n "$s3_pid" ]]; then
    kill "$s3_pid" 2>/dev/null || true
    wait "$s3_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
# Copies of the jars are run, so that a rebuild during the benchmark cannot change or break
# it: the CLI's, and lambda-local's (a jar of its own). The first use of each copy makes its
# class-data archive: not in a timed run.
"$cli" --help >/dev/null
mkdir -p "$work/client" "$work/lambda" "$work/lambda-local"
cp client/target/music-analytics.jar "$work/client/"
export MUSIC_ANALYTICS_JAR="$work/client/music-analytics.jar"
"$cli" --help >/dev/null
if [[ ",$setups," == *,lambda,* || ",$setups," == *,s3lambda,* ]]; then
  "$cli" lambda-local --help >/dev/null
  cp lambda-local/target/lambda-local.jar "$work/lambda-local/"
  export MUSIC_ANALYTICS_LAMBDA_LOCAL_JAR="$work/lambda-local/lambda-local.jar"
  "$cli" lambda-local --help >/dev/null
fi
cp template.yaml "$work/lambda/"
for code in $(sed -n 's/^ *CodeUri: *//p' template.yaml | sort -u); do
  if [[ ! -f "$code" ]]; then
    echo "bench/pipeline.sh: $code is missing; build it: ./mvnw -B -q -DskipTests package" >&2
    exit 1
  fi
  mkdir -p "$work/lambda/$(dirname "$code")"
  cp "$code" "$work/lambda/$code"
done

mkdir -p bench/data
for n in "${size_list[@]}"; do
  if [[ ! -s "bench/data/$n.csv" ]]; then
    echo "generating bench/data/$n.csv ..." >&2
    "$cli" generate --records "$n" --seed 1 --out "bench/data/$n.csv" >&2
  fi
done

# S3Proxy for the s3lambda setup: its class path resolved from Maven Central by a pom of
# its own (not the project's, whose parent would change its Jetty), started on a free
# loopback port with a transient store; every input file is put once (not timed).
s3_url=""
if [[ ",$setups," == *,s3lambda,* ]]; then
  mkdir -p "$work/s3proxy"
  cat >"$work/s3proxy/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>s3proxy-runner</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.gaul</groupId><artifactId>s3proxy</artifactId><version>2.6.0</version></dependency>
  </dependencies>
</project>
POM
  "$root/mvnw" -B -q -f "$work/s3proxy/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$work/s3proxy/classpath" >&2
  s3_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  s3_url="http://127.0.0.1:$s3_port"
  printf '%s\n' "s3proxy.endpoint=$s3_url" "s3proxy.authorization=none" \
    "jclouds.provider=transient" "jclouds.identity=bench" "jclouds.credential=bench" \
    >"$work/s3proxy/s3proxy.conf"
  java -Xmx4g -cp "$(cat "$work/s3proxy/classpath")" org.gaul.s3proxy.Main \
    --properties "$work/s3proxy/s3proxy.conf" >"$work/s3proxy/out" 2>&1 &
  s3_pid=$!
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "$s3_url/" && break
    sleep 0.1
  done
  curl -sf -X PUT "$s3_url/bench" >/dev/null
  for n in "${size_list[@]}"; do
    curl -sf -T "bench/data/$n.csv" "$s3_url/bench/$n.csv" >/dev/null
  done
fi

# A numeric field of the results file's performance object; "" when it is absent.
perf() {
  sed -n "s/.*\"$2\": *\([0-9.eE+-]*\).*/\1/p" "$1" | head -n 1
}

# Median of numbers on stdin; "" for none.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Starts lambda-local on a free port; sets endpoint_pid and endpoint_url.
start_endpoint() {
  local log="$work/endpoint.out"
  AWS_ENDPOINT_URL_S3="$s3_url" "$cli" lambda-local --port 0 --quiet --warm --template "$work/lambda/template.yaml" \
    >"$log" 2>"$work/endpoint.err" &
  endpoint_pid=$!
  endpoint_url=""
  for _ in $(seq 1 1200); do
    endpoint_url="$(sed -n 's/^Lambda Invoke API at \(http[^ ]*\) .*/\1/p' "$log")"
    [[ -n "$endpoint_url" ]] && return 0
    if ! kill -0 "$endpoint_pid" 2>/dev/null; then
      echo "bench/pipeline.sh: lambda-local did not start:" >&2
      cat "$work/endpoint.err" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "bench/pipeline.sh: lambda-local did not announce its endpoint in 120 s" >&2
  exit 1
}

# Peak RSS (KiB) of the endpoint so far, then stops it.
stop_endpoint() {
  local hwm
  hwm="$(awk '/^VmHWM:/ { print $2 }' "/proc/$endpoint_pid/status" 2>/dev/null || true)"
  kill "$endpoint_pid" 2>/dev/null || true
  wait "$endpoint_pid" 2>/dev/null || true
  endpoint_pid=""
  echo "${hwm:-}"
}

# One run: appends "pipeline mapreduce userbehavior genre recommendation wall rss endpoint_rss
# cpu"
# to $work/<setup>-<n>.runs.
run_once() {
  local setup="$1" n="$2" results="$work/results" timing="$work/time.txt"
  local target_args=(--target "$setup")
  local input="bench/data/$n.csv"
  local endpoint_rss="-"
  rm -rf "$results"
  if [[ "$setup" == s3lambda ]]; then
    target_args=(--target lambda --s3-endpoint-url "$s3_url")
    input="s3://bench/$n.csv"
  fi
  if [[ "$setup" == lambda || "$setup" == s3lambda ]]; then
    start_endpoint
    target_args+=(--endpoint-url "$endpoint_url")
  fi
  if ! /usr/bin/time -v -o "$timing" "$cli" run "${target_args[@]}" --input "$input" \
      --results "$results" --quiet ${history_args[@]+"${history_args[@]}"} \
      ${extra[@]+"${extra[@]}"} >"$work/run.out" 2>"$work/run.err"; then
    # A failed run is a result too: it goes into the table, and the benchmark goes on.
    echo "bench/pipeline.sh: $setup at $n records failed:" >&2
    cat "$work/run.err" >&2
    [[ -n "$endpoint_pid" ]] && stop_endpoint >/dev/null
    # The first line saying why, e.g. the JVM's OutOfMemoryError.
    grep -m 1 -E 'Error|Exception|failed|music-analytics' "$work/run.err" | cut -c 1-160 \
      | tr '|' '/' >"$work/$setup-$n.failed" || echo "exit status non-zero" >"$work/$setup-$n.failed"
    [[ -s "$work/$setup-$n.failed" ]] || echo "exit status non-zero" >"$work/$setup-$n.failed"
    return 0
  fi
  if [[ "$setup" == lambda || "$setup" == s3lambda ]]; then
    endpoint_rss="$(stop_endpoint)"
  fi
  local file="$results/run_grpc_metrics.json"
  local wall rss cpu shards
  shards="$(sed -n 's/.*"records": *\([0-9]*\).*/\1/p' "$file" | head -n 1)"
  # Elapsed is h:mm:ss or m:ss.ss.
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
    for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$timing")"
  rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$timing")"
  cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$timing")"
  echo "$(perf "$file" total_workflow_time) $(perf "$file" mapreduce_time)" \
    "$(perf "$file" userbehavior_time) $(perf "$file" genre_time)" \
    "$(perf "$file" recommendation_time) $wall $rss $endpoint_rss $cpu $shards" \
    >>"$work/$setup-$n.runs"
}

column_median() {
  local file="$1" column="$2"
  awk -v c="$column" '$c != "-" && $c != "" { print $c }' "$file" | median
}

mib() {
  [[ -z "$1" ]] && { echo "-"; return; }
  awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'
}

# Other work on the machine slows every figure: say how busy it was.
load_start="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown)"
if awk -v l="$load_start" -v c="$(nproc)" 'BEGIN { exit !(l + 0 > c / 2) }'; then
  echo "bench/pipeline.sh: warning: load average $load_start on $(nproc) cores; figures" \
    "will be slower than on an idle machine" >&2
fi
for n in "${size_list[@]}"; do
  for setup in "${setup_list[@]}"; do
    for r in $(seq 1 "$repeat"); do
      echo "run: $setup, $n records, $r of $repeat" >&2
      run_once "$setup" "$n"
      # Once failed, the same run would fail again.
      [[ -f "$work/$setup-$n.failed" ]] && break
    done
  done
done

{
  echo "Measured with \`$command_line\`: pipeline = the results file's" \
    "performance.total_workflow_time (first shard sent to last answer, CSV reading overlapped)," \
    "records/s = records / pipeline; stage columns are the client's time per stage (the fused" \
    "call is counted in equal thirds to MapReduce, UserBehavior and Genre); wall, CPU and peak" \
    "RSS are the whole client process (GNU time); the endpoint is lambda-local's JVM (VmHWM)."
  echo
  echo "| setup | records | pipeline s | records/s | MapReduce s | UserBehavior s | Genre s | Recommendation s | wall s | client CPU s | client peak RSS MiB | endpoint peak RSS MiB | record shards |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${size_list[@]}"; do
    for setup in "${setup_list[@]}"; do
      f="$work/$setup-$n.runs"
      if [[ -f "$work/$setup-$n.failed" ]]; then
        echo "| $setup | $n | failed: $(cat "$work/$setup-$n.failed") | | | | | | | | | | |"
        continue
      fi
      pipeline="$(column_median "$f" 1)"
      printf '| %s | %s | %.3f | %s | %.3f | %.3f | %.3f | %.3f | %.2f | %.2f | %s | %s | %s |\n' \
        "$setup" "$n" "$pipeline" \
        "$(awk -v n="$n" -v t="$pipeline" 'BEGIN { printf "%.0f", n / t }')" \
        "$(column_median "$f" 2)" "$(column_median "$f" 3)" "$(column_median "$f" 4)" \
        "$(column_median "$f" 5)" "$(column_median "$f" 6)" "$(column_median "$f" 9)" \
        "$(mib "$(column_median "$f" 7)")" "$(mib "$(column_median "$f" 8)")" \
        "$(column_median "$f" 10)"
    done
  done
  if [[ ",$setups," == *,inprocess,* ]]; then
    echo
    echo "| records | embedded / inprocess (pipeline time) | lambda / inprocess |"
    echo "|---:|---:|---:|"
    for n in "${size_list[@]}"; do
      floor=""
      if [[ -f "$work/inprocess-$n.runs" && ! -f "$work/inprocess-$n.failed" ]]; then
        floor="$(column_median "$work/inprocess-$n.runs" 1)"
      fi
      ratio() {
        [[ -f "$work/$1-$n.runs" && ! -f "$work/$1-$n.failed" && -n "$floor" ]] \
          || { echo "-"; return; }
        awk -v a="$(column_median "$work/$1-$n.runs" 1)" -v b="$floor" \
          'BEGIN { printf "%.2f", a / b }'
      }
      echo "| $n | $(ratio embedded) | $(ratio lambda) |"
    done
  fi
  echo
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if ! git diff --quiet HEAD -- client functions lambda-local local-grpc-host proto 2>/dev/null; then
    commit="$commit with uncommitted changes"
  fi
  java_used="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  echo "Runs per figure: $repeat (median). $(nproc) cores, $("$java_used" -version 2>&1 | head -n 1)" \
    "(the launcher's start-up archive: $(ls "$work/client" | grep -E '\.(jsa|aot)$' | sed 's/.*-java//' | tr '\n' ' '| sed 's/ $//'));" \
    "JVM options: $(sed -n 's/^jvm_options=(\(.*\))$/\1/p' "$cli" | head -n 1)" \
    "$(grep -q '^ *jvm_options+=(-XX:TieredStopAtLevel=1)$' "$cli" \
      && echo '(and -XX:TieredStopAtLevel=1 except for --target lambda with rows from the client)')" \
    "${MUSIC_ANALYTICS_JAVA_OPTS:-}; run options: ${extra[*]:-none}; jars built from" \
    "$commit; $(date -u '+%Y-%m-%d %H:%M UTC'); load average (1 min) $load_start at the" \
    "start, $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown) at the end."
} >"$work/table.md"

mkdir -p "$(dirname "$out")"
cp "$work/table.md" "$out.tmp" && mv -f "$out.tmp" "$out"
cat "$out"
echo "written to $out" >&2
exit
}
