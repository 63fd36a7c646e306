#!/usr/bin/env bash
# bench/metrics.sh: the cost of the Prometheus metrics, as A/B alternations in one
# session so that the load of a shared machine falls on both sides alike.
#
#   bench/metrics.sh [--target embedded|grpc] [--records 10000000] [--pairs 5]
#                    [--scrape-every 1] [--out bench/results-metrics.md]
#
# Each pair times two runs over the same generated file (bench/data/N.csv,
# `music-analytics generate --records N --seed 1`), one with metrics off and one with them
# on and scraped by curl every --scrape-every seconds (1 by default, harder than a usual
# 5-15 s Prometheus interval), in alternating order (off-on, on-off, ...).
#   --target embedded (default): `music-analytics run --target embedded`, with
#     `--metrics-port 0` (off) or a free port (on: the run's gauges and the embedded host's
#     metrics on one endpoint). CPU is the whole run process's (GNU time).
#   --target grpc: `music-analytics host` started on free loopback ports with
#     `--metrics-port 0` or a free port, and `music-analytics run --target grpc` against it.
#     CPU is the host's (user + system, from /proc/PID/stat, just before it is stopped).
# Figures per run: the pipeline time from the results file
# (performance.total_workflow_time) and the CPU time. Prints the medians and the ratio
# on/off, and writes them as Markdown to --out.
set -euo pipefail
{
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cli="$root/music-analytics"
records=10000000
pairs=5
target=embedded
scrape_every=1
out="$root/bench/results-metrics.md"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --records) records="$2"; shift 2 ;;
    --pairs) pairs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    --scrape-every) scrape_every="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/metrics.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$records" =~ ^[1-9][0-9]*$ && "$pairs" =~ ^[1-9][0-9]*$ ]] \
  || { echo "bench/metrics.sh: --records and --pairs must be positive numbers" >&2; exit 2; }
[[ "$target" == embedded || "$target" == grpc ]] \
  || { echo "bench/metrics.sh: --target must be embedded or grpc, was '$target'" >&2; exit 2; }
[[ "$scrape_every" =~ ^[0-9]+(\.[0-9]+)?$ ]] \
  || { echo "bench/metrics.sh: --scrape-every must be a number of seconds" >&2; exit 2; }

cd "$root"
input="bench/data/$records.csv"
if [[ ! -f "$input" ]]; then
  mkdir -p bench/data
  "$cli" generate --records "$records" --seed 1 --out "$input" >&2
fi
work="$(mktemp -d)"
host_pid=""
scraper_pid=""
cleanup() {
  [[ -n "$scraper_pid" ]] && kill "$scraper_pid" 2>/dev/null || true
  [[ -n "$host_pid" ]] && kill "$host_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_ports() {
  python3 -c 'import socket
socks=[socket.socket() for _ in range(5)]
[s.bind(("127.0.0.1", 0)) for s in socks]
print(" ".join(str(s.getsockname()[1]) for s in socks))'
}

start_scraper() {
  : >"$work/scrapes"
  ( set +e
    while true; do
      curl -sf -o /dev/null "http://127.0.0.1:$1/metrics" && echo ok >>"$work/scrapes"
      sleep "$scrape_every"
    done ) &
  scraper_pid=$!
}

stop_scraper() {
  if [[ -n "$scraper_pid" ]]; then
    kill "$scraper_pid" 2>/dev/null || true; wait "$scraper_pid" 2>/dev/null || true
    scraper_pid=""
    echo "  $(wc -l <"$work/scrapes") scrapes answered during the run" >&2
  fi
}

pipeline_seconds() {
  python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["performance"]["total_workflow_time"])' \
    "$work/results/$1"
}

# embedded_run off|on: prints "<pipeline seconds> <run process cpu seconds>"
embedded_run() {
  local mode="$1" metrics_port=0 pm
  if [[ "$mode" == on ]]; then
    read -r pm _ < <(free_ports)
    metrics_port="$pm"
  fi
  rm -rf "$work/results"
  /usr/bin/time -o "$work/time" -f "%U %S" \
    "$cli" run --target embedded --quiet --input "$input" --results "$work/results" \
    --metrics-port "$metrics_port" >/dev/null 2>"$work/run.err" &
  local run_pid=$!
  if [[ "$mode" == on ]]; then
    for _ in $(seq 300); do
      curl -sf -o /dev/null "http://127.0.0.1:$pm/metrics" && break
      sleep 0.1
    done
    start_scraper "$pm"
  fi
  local status=0
  wait "$run_pid" || status=$?
  stop_scraper
  (( status == 0 )) \
    || { echo "bench/metrics.sh: the run failed:" >&2; cat "$work/run.err" >&2; exit 1; }
  local cpu
  cpu="$(tail -1 "$work/time" | awk '{printf "%.2f", $1 + $2}')"
  echo "$(pipeline_seconds run_grpc_metrics.json) $cpu"
}

# grpc_run off|on: prints "<pipeline seconds> <host cpu seconds>"
grpc_run() {
  local mode="$1" p1 p2 p3 p4 pm metrics_port
  read -r p1 p2 p3 p4 pm < <(free_ports)
  metrics_port=0
  [[ "$mode" == on ]] && metrics_port="$pm"
  "$cli" host --mapreduce-port "$p1" --userbehavior-port "$p2" --genre-port "$p3" \
    --recommendation-port "$p4" --metrics-port "$metrics_port" >"$work/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 600); do
    grep -q "listening on" "$work/host.log" && break
    sleep 0.1
  done
  grep -q "listening on" "$work/host.log" \
    || { echo "bench/metrics.sh: the host did not start:" >&2; cat "$work/host.log" >&2; exit 1; }
  if [[ "$mode" == on ]]; then
    start_scraper "$pm"
  fi
  rm -rf "$work/results"
  "$cli" run --target grpc --quiet --input "$input" --results "$work/results" \
    --mapreduce-address "127.0.0.1:$p1" --userbehavior-address "127.0.0.1:$p2" \
    --genre-address "127.0.0.1:$p3" --recommendation-address "127.0.0.1:$p4" \
    >/dev/null 2>"$work/run.err" \
    || { echo "bench/metrics.sh: the run failed:" >&2; cat "$work/run.err" >&2; exit 1; }
  stop_scraper
  local java_pid ticks cpu
  java_pid="$(pgrep -P "$host_pid" java || echo "$host_pid")"
  ticks="$(awk '{print $14 + $15}' "/proc/$java_pid/stat")"
  cpu="$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}')"
  kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=""
  echo "$(pipeline_seconds run_grpc_metrics.json) $cpu"
}

off_times=(); on_times=(); off_cpu=(); on_cpu=()
for i in $(seq "$pairs"); do
  if (( i % 2 == 1 )); then order="off on"; else order="on off"; fi
  for mode in $order; do
    read -r seconds cpu < <("${target}_run" "$mode")
    echo "pair $i metrics $mode: pipeline ${seconds} s, CPU ${cpu} s" >&2
    if [[ "$mode" == on ]]; then on_times+=("$seconds"); on_cpu+=("$cpu")
    else off_times+=("$seconds"); off_cpu+=("$cpu"); fi
  done
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_off="$(median "${off_times[@]}")"; m_on="$(median "${on_times[@]}")"
c_off="$(median "${off_cpu[@]}")"; c_on="$(median "${on_cpu[@]}")"
ratio="$(awk -v a="$m_on" -v b="$m_off" 'BEGIN {printf "%.3f", a / b}')"
cpu_ratio="$(awk -v a="$c_on" -v b="$c_off" 'BEGIN {printf "%.3f", a / b}')"
if [[ "$target" == embedded ]]; then cpu_of="run process CPU s"; else cpu_of="host CPU s"; fi
table="| metrics ($target) | runs | pipeline s (median) | $cpu_of (median) | every pipeline s |
|---|---|---|---|---|
| off | $pairs | $m_off | $c_off | ${off_times[*]} |
| on, scraped every $scrape_every s | $pairs | $m_on | $c_on | ${on_times[*]} |
| ratio on/off | | $ratio | $cpu_ratio | |"
echo "$table"
{
  echo "# Metrics cost: $records rows, --target $target, metrics off vs on"
  echo
  echo "\`bench/metrics.sh --target $target --records $records --pairs $pairs --scrape-every $scrape_every\`, $(date -u +%Y-%m-%d), $(nproc) cores,"
  echo "$(java -version 2>&1 | head -1). Runs alternate off/on in one session (order flipped every"
  echo "pair), so the load of the shared machine falls on both sides alike."
  echo
  echo "$table"
} >"$out"
exit 0
}
