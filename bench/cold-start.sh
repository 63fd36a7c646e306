#!/usr/bin/env bash
# Cold-start benchmark of the Lambda function jars.
#
# For every AWS::Serverless::Function of template.yaml (or the logical ids given), runs
# its shaded jar in RUNS fresh JVMs: `java -jar <CodeUri> events/<definition>.json`, whose
# main class (InvokeOnce) constructs the template's handler, FunctionInvoker, and answers
# the plain invoke event once. The environment is the function's template Variables
# (MAIN_CLASS, SPRING_CLOUD_FUNCTION_DEFINITION and JAVA_TOOL_OPTIONS, which the JVM reads
# itself, as on Lambda), so the flags cannot drift from the template.
#
# Time is whole-process wall time: from launching java to its exit, read with
# `date +%s%N`, so JVM start, Spring context, first response and JVM exit all count.
# Peak RSS is GNU time's maximum resident set size of the java process; cpu is its user +
# system time (median), which other load on the machine disturbs far less than wall time.
#
# Next to each, the same jar, flags and event with the no-Spring floor
# (-Dinvoke.handler=...PlainStreamHandler: proto3 JSON in, the stage, proto3 JSON out);
# the two answers must agree (processing_time aside). Spring and floor runs alternate so
# that a change in machine load hits both alike.
#
# Options:
#   -n RUNS     fresh JVMs per function and handler (default 10)
#   --cds       also measure with an AppCDS archive per jar, function and handler, made by
#               one training run (-XX:ArchiveClassesAtExit). Here only: see README.
#   --aot       also measure with an AOT cache (JDK 25+: -XX:AOTCacheOutput, then
#               -XX:AOTCache), made the same way; use with --java <JDK 25 java>. Here only.
#   --primed    also measure the first request after SnapStart-style priming: the Lambda
#               runtime's CRaC hooks run between init and the request (needs the runtime
#               interface client jar: RIC_JAR, or the one in ~/.m2)
#   --metrics-off  also run each function with its EMF metrics off
#               (MUSIC_ANALYTICS_METRICS_DISABLED=true), alternating with the runs with them
#               on, and print what the metrics cost the cold start (wall and cpu medians);
#               with --primed, the first request's times with them off as well
#   --classes   also count the classes each handler loads (one more run each, with
#               -Xlog:class+load): where the gap to the floor comes from
#   --java CMD  java launcher (default: java on PATH, or $JAVA)
#   EXTRA_JAVA_OPTS in the environment adds command-line flags to every run (experiments).
# Exit status 3: some function missed the target with the template's flags alone.
set -euo pipefail

RUNS=10
CDS=false
AOT=false
PRIMED=false
CLASSES=false
METRICS_OFF=false
JAVA_CMD=${JAVA:-java}
ONLY=()
while (($#)); do
  case "$1" in
    -n) RUNS=$2; shift 2 ;;
    --cds) CDS=true; shift ;;
    --aot) AOT=true; shift ;;
    --primed) PRIMED=true; shift ;;
    --classes) CLASSES=true; shift ;;
    --metrics-off) METRICS_OFF=true; shift ;;
    --java) JAVA_CMD=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) ONLY+=("$1"); shift ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "-n needs a positive number, got '$RUNS'" >&2; exit 2; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TIME=/usr/bin/time
[[ -x $TIME ]] || { echo "GNU time is needed at $TIME (package: time)" >&2; exit 2; }
FLOOR=org.musicanalytics.functions.aws.internal.PlainStreamHandler
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cold-start.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
read -r -a EXTRA <<<"${EXTRA_JAVA_OPTS:-}"

# --- template.yaml, flattened to "path<TAB>value" lines --------------------------------
flatten() {
  awk '
    function indent(s) { match(s, /^ */); return RLENGTH }
    function unquote(v) {
      if (v ~ /^".*"$/ || v ~ /^\047.*\047$/) return substr(v, 2, length(v) - 2)
      return v
    }
    {
      line = $0; sub(/\r$/, "", line)
      if (block != "") {
        if (line ~ /^ *$/ || indent(line) > blockIndent) {
          text = line; sub(/^ */, "", text)
          if (text != "") blockValue = blockValue (blockValue == "" ? "" : blockSep) text
          next
        }
        print block "\t" blockValue; block = ""
      }
      if (line ~ /^ *(#|$)/ || line ~ /^ *- /) next
      n = indent(line); body = substr(line, n + 1)
      if (!match(body, /^[^:#]+:( |$)/)) next
      key = substr(body, 1, RLENGTH); sub(/: ?$/, "", key)
      value = substr(body, RLENGTH + 1)
      sub(/[ \t]+#.*$/, "", value); sub(/[ \t]+$/, "", value)
      while (depth > 0 && indents[depth] >= n) depth--
      depth++; indents[depth] = n; keys[depth] = key
      path = keys[1]; for (i = 2; i <= depth; i++) path = path "." keys[i]
      if (value ~ /^[>|][-+]?$/) {
        block = path; blockIndent = n; blockValue = ""; blockSep = (value ~ /^>/ ? " " : "\n"); next
      }
      if (value != "") print path "\t" unquote(value)
    }
    END { if (block != "") print block "\t" blockValue }
  ' template.yaml
}
FLAT=$WORK/template.tsv
flatten >"$FLAT"
lookup() { awk -F'\t' -v p="$1" '$1 == p { print $2; exit }' "$FLAT"; }

mapfile -t FUNCTIONS < <(awk -F'\t' '$2 == "AWS::Serverless::Function" && $1 ~ /^Resources\.[^.]+\.Type$/ {
  split($1, p, "."); print p[2] }' "$FLAT")
if ((${#ONLY[@]})); then
  for id in "${ONLY[@]}"; do
    printf '%s\n' "${FUNCTIONS[@]}" | grep -qx "$id" \
      || { echo "template.yaml has no function '$id' (it has: ${FUNCTIONS[*]})" >&2; exit 2; }
  done
  FUNCTIONS=("${ONLY[@]}")
fi
((${#FUNCTIONS[@]})) || { echo "template.yaml defines no AWS::Serverless::Function" >&2; exit 2; }

# The function's environment: Globals variables, overridden by its own.
function_env() {
  local id=$1
  awk -F'\t' -v g="Globals.Function.Environment.Variables." -v f="Resources.$id.Properties.Environment.Variables." '
    index($1, g) == 1 { vars[substr($1, length(g) + 1)] = $2; order[++n] = substr($1, length(g) + 1) }
    index($1, f) == 1 { k = substr($1, length(f) + 1); if (!(k in vars)) order[++n] = k; own[k] = $2 }
    END { for (i = 1; i <= n; i++) { k = order[i]; if (seen[k]++) continue; print k "=" ((k in own) ? own[k] : vars[k]) } }
  ' "$FLAT"
}

# --- one fresh JVM -------------------------------------------------------------------
# run_once OUT_PREFIX ENV_FILE JAVA_ARGS... : appends "wall_ms rss_kb cpu_ms" to OUT_PREFIX.tsv
run_once() {
  local out=$1 envfile=$2; shift 2
  local -a envs
  mapfile -t envs <"$envfile"
  local start end
  start=$(date +%s%N)
  if ! env "${envs[@]}" "$TIME" -o "$WORK/time" -f '%M %U %S' "$JAVA_CMD" "$@" \
      >"$out.stdout" 2>"$out.stderr"; then
    echo "FAILED: ${envs[*]} $JAVA_CMD $*" >&2
    tail -20 "$out.stderr" >&2
    exit 1
  fi
  end=$(date +%s%N)
  [[ $(head -c 1 "$out.stdout") == "{" ]] \
    || { echo "No JSON response from: $JAVA_CMD $*" >&2; head -c 500 "$out.stdout" >&2; exit 1; }
  awk -v wall="$(((end - start) / 1000000))" 'END { printf "%d %d %d\n", wall, $1, ($2 + $3) * 1000 }' \
    "$WORK/time" >>"$out.tsv"
}

# stats FILE -> "min median max peak_rss_mib cpu_median" (wall and cpu in ms)
stats() {
  local cpu
  cpu=$(awk '{ print $3 }' "$1" | sort -n | awk '{ c[NR] = $1 }
    END { printf "%d", (NR % 2 ? c[(NR + 1) / 2] : (c[NR / 2] + c[NR / 2 + 1]) / 2) }')
  sort -n "$1" | awk -v cpu="$cpu" '{ w[NR] = $1; if ($2 > m) m = $2 }
    END { printf "%d %d %d %d %d", w[1], (NR % 2 ? w[(NR + 1) / 2] : int((w[NR / 2] + w[NR / 2 + 1]) / 2)), w[NR], m / 1024, cpu }'
}

same_answer() { # the two responses, processing_time aside
  diff <(sed -E 's/"processing_time":[-0-9.eE+]+,?//' "$1") \
       <(sed -E 's/"processing_time":[-0-9.eE+]+,?//' "$2") >/dev/null
}

median() { sort -n "$1" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

secs() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }

ric_jar() {
  if [[ -n ${RIC_JAR:-} ]]; then echo "$RIC_JAR"; return; fi
  find "${HOME}/.m2/repository/com/amazonaws/aws-lambda-java-runtime-interface-client" \
    -name 'aws-lambda-java-runtime-interface-client-*.jar' ! -name '*sources*' 2>/dev/null | sort -V | tail -1
}

# --- the runs --------------------------------------------------------------------------
echo "cold-start benchmark: $RUNS fresh JVMs per function and handler, whole-process wall time"
echo "java: $("$JAVA_CMD" -version 2>&1 | head -1)   cpus: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ ${#EXTRA[@]} -gt 0 ]] && echo "extra command-line flags: ${EXTRA[*]}"
echo

declare -A JARS=() COPIES=()
ROWS=()
METRICS_ROWS=()
MET=true
for id in "${FUNCTIONS[@]}"; do
  jar=$(lookup "Resources.$id.Properties.CodeUri")
  [[ -n $jar ]] || jar=$(lookup "Globals.Function.CodeUri")
  [[ -f $jar ]] || { echo "$id: $jar not found: build it with ./mvnw package" >&2; exit 1; }
  # Run a copy taken once, so that a rebuild during the benchmark cannot change or break it.
  copy=$WORK/jars/${jar//\//_}
  [[ -f $copy ]] || { mkdir -p "$WORK/jars"; cp -p "$jar" "$copy"; }
  JARS[$jar]=$copy
  COPIES[$id]=$copy
  function_env "$id" >"$WORK/$id.env"
  { grep -v '^MUSIC_ANALYTICS_METRICS_DISABLED=' "$WORK/$id.env" || true
    echo MUSIC_ANALYTICS_METRICS_DISABLED=true; } >"$WORK/$id.metrics-off.env"
  definition=$(sed -n 's/^SPRING_CLOUD_FUNCTION_DEFINITION=//p' "$WORK/$id.env")
  event=events/$definition.json
  [[ -f $event ]] || { echo "$id: no plain invoke event $event" >&2; exit 1; }
  flags=$(sed -n 's/^JAVA_TOOL_OPTIONS=//p' "$WORK/$id.env")
  echo "$id ($definition): JAVA_TOOL_OPTIONS='$flags'  $jar"

  variants=(plain)
  $CDS && variants+=(cds)
  $AOT && variants+=(aot)
  for variant in "${variants[@]}"; do
    spring=$WORK/$id-$variant-spring floor=$WORK/$id-$variant-floor
    : >"$spring.tsv"; : >"$floor.tsv"
    cds_spring=() cds_floor=()
    if [[ $variant != plain ]]; then
      # Training run per handler: the archive holds the classes that run loaded (and, for
      # an AOT cache, their linking and profiles).
      if [[ $variant == cds ]]; then
        out=-XX:ArchiveClassesAtExit use=-XX:SharedArchiveFile
      else
        out=-XX:AOTCacheOutput use=-XX:AOTCache
      fi
      run_once "$spring-train" "$WORK/$id.env" "${EXTRA[@]}" -Xlog:disable -Xlog:all=warning:stderr \
        "$out=$spring.archive" -jar "$copy" "$event"
      run_once "$floor-train" "$WORK/$id.env" "${EXTRA[@]}" -Xlog:disable -Xlog:all=warning:stderr \
        "$out=$floor.archive" -Dinvoke.handler=$FLOOR -jar "$copy" "$event"
      # JVM warnings (archiving notes) to standard error: standard output is the response.
      cds_spring=(-Xlog:disable -Xlog:all=warning:stderr "$use=$spring.archive")
      cds_floor=(-Xlog:disable -Xlog:all=warning:stderr "$use=$floor.archive")
    fi
    off=$WORK/$id-$variant-metrics-off
    : >"$off.tsv"
    for ((i = 0; i < RUNS; i++)); do
      run_once "$spring" "$WORK/$id.env" "${EXTRA[@]}" "${cds_spring[@]}" -jar "$copy" "$event"
      run_once "$floor" "$WORK/$id.env" "${EXTRA[@]}" "${cds_floor[@]}" -Dinvoke.handler=$FLOOR -jar "$copy" "$event"
      if $METRICS_OFF && [[ $variant == plain ]]; then
        run_once "$off" "$WORK/$id.metrics-off.env" "${EXTRA[@]}" -jar "$copy" "$event"
      fi
    done
    if $METRICS_OFF && [[ $variant == plain ]]; then
      same_answer "$spring.stdout" "$off.stdout" \
        || { echo "$id: the function answered differently with its metrics off" >&2; exit 1; }
      read -r _ omed _ orss ocpu <<<"$(stats "$off.tsv")"
      read -r _ smed2 _ srss2 scpu2 <<<"$(stats "$spring.tsv")"
      METRICS_ROWS+=("$(printf '%-26s off %5s s cpu %5s s %4s MiB | on %5s s cpu %5s s %4s MiB | wall %+6.1f%%  cpu %+6.1f%%' \
        "$id" "$(secs "$omed")" "$(secs "$ocpu")" "$orss" "$(secs "$smed2")" "$(secs "$scpu2")" "$srss2" \
        "$(awk -v a="$smed2" -v b="$omed" 'BEGIN { print (a / b - 1) * 100 }')" \
        "$(awk -v a="$scpu2" -v b="$ocpu" 'BEGIN { print (a / b - 1) * 100 }')")")
    fi
    same_answer "$spring.stdout" "$floor.stdout" \
      || { echo "$id: the floor answered differently from FunctionInvoker" >&2; exit 1; }
    read -r smin smed smax srss scpu <<<"$(stats "$spring.tsv")"
    read -r fmin fmed fmax frss fcpu <<<"$(stats "$floor.tsv")"
    ratio=$(awk -v a="$smed" -v b="$fmed" 'BEGIN { printf "%.1f", a / b }')
    verdict=met
    if ! awk -v m="$smed" -v r="$ratio" 'BEGIN { exit !(m <= 500 && r <= 3.0) }'; then
      verdict=missed
      [[ $variant == plain ]] && MET=false
    fi
    label=$id
    [[ $variant == cds ]] && label="$id +AppCDS"
    [[ $variant == aot ]] && label="$id +AOT cache"
    ROWS+=("$(printf '%-26s %5s %5s %5s %5s %4s MiB | %5s %5s %5s %5s %4s MiB | %4sx  %s' "$label" \
      "$(secs "$smin")" "$(secs "$smed")" "$(secs "$smax")" "$(secs "$scpu")" "$srss" \
      "$(secs "$fmin")" "$(secs "$fmed")" "$(secs "$fmax")" "$(secs "$fcpu")" "$frss" "$ratio" "$verdict")")
  done
done

echo
printf '%-26s %-34s | %-34s | %s\n' "" "FunctionInvoker (Spring)" "floor (no Spring)" "median"
printf '%-26s %5s %5s %5s %5s %8s | %5s %5s %5s %5s %8s | %s\n' "function" "min" "med" "max" "cpu" "peak RSS" \
  "min" "med" "max" "cpu" "peak RSS" "ratio  target (med <= 0.50 s, <= 3x floor)"
printf '%s\n' "${ROWS[@]}"
echo "(seconds, $RUNS runs each; load now: $(cut -d' ' -f1-3 /proc/loadavg))"
if ((${#METRICS_ROWS[@]})); then
  echo
  echo "EMF metrics off vs on (FunctionInvoker, medians of $RUNS alternating runs; target: on <= off + 5%):"
  printf '%s\n' "${METRICS_ROWS[@]}"
fi
echo
echo "jar sizes:"
for jar in "${!JARS[@]}"; do
  printf '  %6.1f MB  %s\n' "$(awk -v b="$(stat -c %s "${JARS[$jar]}")" 'BEGIN { print b / 1e6 }')" "$jar"
done | sort -k3

if $CLASSES; then
  echo
  echo "classes loaded (one run each, -Xlog:class+load; from the jar = not from the JDK's CDS archive):"
  for id in "${FUNCTIONS[@]}"; do
    jar=${COPIES[$id]}
    definition=$(sed -n 's/^SPRING_CLOUD_FUNCTION_DEFINITION=//p' "$WORK/$id.env")
    counts=()
    for handler in spring floor; do
      opts=()
      [[ $handler == floor ]] && opts=(-Dinvoke.handler=$FLOOR)
      log=$WORK/$id-$handler.classes
      run_once "$WORK/$id-$handler-classes" "$WORK/$id.env" "${EXTRA[@]}" \
        "-Xlog:class+load=info:file=$log" "${opts[@]}" -jar "$jar" "events/$definition.json"
      counts+=("$(grep -c 'class,load' "$log")" "$(grep -c 'source: file:' "$log")")
    done
    printf '  %-16s FunctionInvoker %5d (%5d from the jar)   floor %5d (%5d from the jar)\n' \
      "$id" "${counts[@]}"
  done
fi

if $PRIMED; then
  ric=$(ric_jar)
  [[ -f $ric ]] || { echo "--primed: no runtime interface client jar (set RIC_JAR)" >&2; exit 1; }
  echo
  echo "JVM-internal (ms, median of $RUNS): init = JVM start to handler constructed; first request"
  echo "unprimed, and after the Lambda runtime's CRaC hooks ran FunctionPriming (as SnapStart"
  echo "does before its snapshot; the restore itself is not included)"
  modes=(unprimed primed)
  $METRICS_OFF && modes+=(unprimed-metrics-off primed-metrics-off)
  for id in "${FUNCTIONS[@]}"; do
    jar=${COPIES[$id]}
    definition=$(sed -n 's/^SPRING_CLOUD_FUNCTION_DEFINITION=//p' "$WORK/$id.env")
    for mode in "${modes[@]}"; do
      : >"$WORK/$id-$mode.first"; : >"$WORK/$id-$mode.ready"
    done
    # The modes alternate run by run, so that a change in machine load hits them alike.
    for ((i = 0; i < RUNS; i++)); do
      for mode in "${modes[@]}"; do
        opts=(-Dinvoke.timing=true)
        [[ $mode == primed* ]] && opts+=(-Dinvoke.checkpoint=true -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac)
        envfile=$WORK/$id.env
        [[ $mode == *-metrics-off ]] && envfile=$WORK/$id.metrics-off.env
        run_once "$WORK/$id-$mode" "$envfile" "${EXTRA[@]}" "${opts[@]}" \
          -cp "$jar:$ric" org.musicanalytics.functions.aws.internal.InvokeOnce "events/$definition.json"
        sed -n 's/.*first_request_ms=\([0-9.]*\).*/\1/p' "$WORK/$id-$mode.stderr" >>"$WORK/$id-$mode.first"
        sed -n 's/.*ready_ms=\([0-9.]*\).*/\1/p' "$WORK/$id-$mode.stderr" >>"$WORK/$id-$mode.ready"
        if [[ $mode == primed* ]] && ! grep -q "Primed $definition" "$WORK/$id-$mode.stderr"; then
          echo "$id: the checkpoint hooks did not prime $definition" >&2; exit 1
        fi
      done
    done
    printf '  %-16s init %5.0f ms   first request: unprimed %6.1f ms, primed %6.1f ms\n' "$id" \
      "$(median "$WORK/$id-unprimed.ready")" "$(median "$WORK/$id-unprimed.first")" \
      "$(median "$WORK/$id-primed.first")"
    if $METRICS_OFF; then
      printf '  %-16s init %5.0f ms   first request: unprimed %6.1f ms, primed %6.1f ms  (EMF metrics off)\n' "" \
        "$(median "$WORK/$id-unprimed-metrics-off.ready")" "$(median "$WORK/$id-unprimed-metrics-off.first")" \
        "$(median "$WORK/$id-primed-metrics-off.first")"
    fi
  done
fi

$MET || exit 3
