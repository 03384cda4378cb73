#!/usr/bin/env bash
# End-to-end runs of the built binary: exit statuses 0/1/2, stdout carries only the report.
# Usage: run_e2e.sh path/to/llmcost SOURCE_DIR
set -u
bin=$1
cd "$2" || exit 1
fail=0
# A private scratch directory: parallel runs (dev and asan presets) never share files.
scratch=$(mktemp -d)
export scratch  # the bash -c child below writes there too
trap 'rm -rf "$scratch"' EXIT
check() {  # check NAME EXPECTED_STATUS EXPECT_STDOUT(yes|no) EXPECT_STDERR(yes|no) -- ARGS...
  local name=$1 want=$2 want_out=$3 want_err=$4
  shift 5
  "$bin" "$@" >"$scratch/out" 2>"$scratch/err"
  local got=$?
  local out_size err_size
  out_size=$(wc -c <"$scratch/out")
  err_size=$(wc -c <"$scratch/err")
  if [ "$got" != "$want" ] || { [ "$want_out" = yes ] && [ "$out_size" = 0 ]; } ||
     { [ "$want_out" = no ] && [ "$out_size" != 0 ]; } ||
     { [ "$want_err" = yes ] && [ "$(wc -l <"$scratch/err")" != 1 ]; } ||
     { [ "$want_err" = no ] && [ "$err_size" != 0 ]; }; then
    echo "FAIL $name: status $got (want $want), stdout $out_size bytes, stderr: $(cat "$scratch/err")"
    fail=1
  else
    echo "ok   $name"
  fi
}
check help 0 yes no -- --help
check help-command 0 yes no -- help
check analyze 0 yes no -- analyze configs/models/llama_1.36b.json
check analyze-all 0 yes no -- analyze configs/models/*.json configs/models/*.jsonc
check stdin 0 yes no -- analyze - <configs/models/llama_7b.json
check missing-file 1 no yes -- analyze configs/models/missing.json
check directory 1 no yes -- analyze configs/models
check bad-flag 2 no yes -- analyze --seq-len -3 configs/models/llama_7b.json
check unknown-command 2 no yes -- analyse configs/models/llama_7b.json
check verify 0 yes no -- verify tests/data/checkpoints/tiny-llama
check verify-not-cached 1 no yes -- verify llmcost-e2e/absent-model
check hub-id-not-cached 1 no yes -- analyze llmcost-e2e/absent-model
check no-args 2 no yes --

# ---- output integrity: a report that cannot be delivered is an error, never exit 0 ----
expect_line() {  # expect_line NAME EXPECTED_STATUS EXPECTED_STDERR STATUS STDERR_FILE
  local name=$1 want=$2 want_err=$3 got=$4
  if [ "$got" != "$want" ] || [ "$(cat "$5")" != "$want_err" ]; then
    echo "FAIL $name: status $got (want $want), stderr: $(cat "$5")"
    fail=1
  else
    echo "ok   $name"
  fi
}
# The report streams out: the failed write may come before the final flush, and the reason is
# then the stream's ("the stream reported an error") rather than errno's.
"$bin" analyze configs/models/llama_7b.json >/dev/full 2>"$scratch/err"
status=$?
if [ "$status" != 1 ] || [ "$(wc -l <"$scratch/err")" != 1 ] ||
   ! grep -q '^llmcost: standard output: write failed: ' "$scratch/err"; then
  echo "FAIL dev-full: status $status, stderr: $(cat "$scratch/err")"
  fail=1
else
  echo "ok   dev-full"
fi
"$bin" --help >/dev/full 2>"$scratch/err"
expect_line help-to-dev-full 1 "llmcost: standard output: write failed: No space left on device" \
  $? "$scratch/err"
# A closed pipe with SIGPIPE ignored (as under some supervisors): EPIPE is reported.
# The report of one config 100 times (~180 KB) is larger than a pipe's buffer (64 KiB), so
# the write meets the closed end whenever the reader exits.
many=()
for _ in $(seq 100); do many+=(configs/models/llama_7b.json); done
status=$(bash -c 'trap "" PIPE; "$0" analyze "${@}" --format=json 2>"$scratch/err" | true
  echo "${PIPESTATUS[0]}"' "$bin" "${many[@]}")
# (The report streams out, so the failed write may come before the final flush: the reason
# is then the stream's, not errno's.)
if [ "$status" != 1 ] || [ "$(wc -l <"$scratch/err")" != 1 ] ||
   ! grep -q '^llmcost: standard output: write failed: ' "$scratch/err"; then
  echo "FAIL closed-pipe-sigpipe-ignored: status $status, stderr: $(cat "$scratch/err")"
  fail=1
else
  echo "ok   closed-pipe-sigpipe-ignored"
fi
# With SIGPIPE at its default the process ends by the signal, as any tool does (141).
status=$(bash -c '"$0" analyze "${@}" --format=json 2>/dev/null | true
  echo "${PIPESTATUS[0]}"' "$bin" "${many[@]}")
if [ "$status" != 141 ]; then
  echo "FAIL closed-pipe-default: status $status (want 141, killed by SIGPIPE)"
  fail=1
else
  echo "ok   closed-pipe-default"
fi
# A FIFO that no writer opens: refused at once, never a hang.
fifo_dir=$(mktemp -d)
mkfifo "$fifo_dir/config.json"
timeout 10 "$bin" analyze "$fifo_dir/config.json" >/dev/null 2>"$scratch/err"
expect_line fifo-config 1 "llmcost: $fifo_dir/config.json: is a FIFO, expected a regular config file" \
  $? "$scratch/err"
timeout 10 "$bin" hardware --hardware-file "$fifo_dir/config.json" >/dev/null 2>"$scratch/err"
expect_line fifo-hardware 1 \
  "llmcost: $fifo_dir/config.json: is a FIFO, expected a regular hardware table file" $? \
  "$scratch/err"
rm -rf "$fifo_dir"
exit $fail
