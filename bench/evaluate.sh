#!/usr/bin/env bash
# bench/evaluate.sh: the recommenders' quality on generated listening with taste.
#
#   bench/evaluate.sh [--records 1000000] [--days 28] [--seed 1] [--test-days 7] [--k 10]
#                     [--out bench/results-evaluate.md] [-- extra evaluate options...]
#
# Input: `music-analytics generate --taste --records N --days D --seed S` into
# bench/data/taste-N-D-S.csv, made once and reused (bench/data/ is not committed). Then one
# `music-analytics evaluate` over it: the last --test-days days are the future, the rest
# trains the recommenders through the pipeline. Writes the table, with the commands that
# made it, as Markdown to --out, and the JSON to bench/data/evaluate/evaluate.json. Only the
# project's launcher and bash are used.
set -euo pipefail
{

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cli="$root/music-analytics"
records=1000000
days=28
seed=1
test_days=7
k=10
out="$root/bench/results-evaluate.md"
extra=()
command_line="bench/evaluate.sh${*:+ $*}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --records) records="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --test-days) test_days="$2"; shift 2 ;;
    --k) k="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) echo "bench/evaluate.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

data="$root/bench/data"
mkdir -p "$data/evaluate"
input="$data/taste-$records-$days-$seed.csv"
generate=(generate --taste --records "$records" --days "$days" --seed "$seed" --out "$input")
if [[ ! -f "$input" ]]; then
  "$cli" "${generate[@]}" >&2
fi
evaluate=(evaluate --input "$input" --test-days "$test_days" --k "$k"
  --results "$data/evaluate" "${extra[@]}")
start=$(date +%s)
table="$("$cli" "${evaluate[@]}")"
seconds=$(($(date +%s) - start))
printf '%s\n' "$table"

{
  echo "# Recommenders on generated listening with taste"
  echo
  echo "Made by \`$command_line\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(java -version 2>&1 | head -1)), in ${seconds} s:"
  echo
  echo '```'
  echo "./music-analytics ${generate[*]/#$root\//}"
  echo "./music-analytics ${evaluate[*]/#$root\//}"
  echo '```'
  echo
  printf '%s\n' "$table" | sed '/^Written to /d'
} > "$out.tmp"
mv -f "$out.tmp" "$out"
echo "bench/evaluate.sh: wrote $out" >&2
}
