#!/usr/bin/env bash
# End-to-end runs of the built binary: exit statuses 0/1/2, stdout carries only the report.
# Usage: run_e2e.sh path/to/llmcost SOURCE_DIR
set -u
bin=$1
cd "$2" || exit 1
fail=0
check() {  # check NAME EXPECTED_STATUS EXPECT_STDOUT(yes|no) EXPECT_STDERR(yes|no) -- ARGS...
  local name=$1 want=$2 want_out=$3 want_err=$4
  shift 5
  "$bin" "$@" >/tmp/llmcost_e2e_out 2>/tmp/llmcost_e2e_err
  local got=$?
  local out_size err_size
  out_size=$(wc -c </tmp/llmcost_e2e_out)
  err_size=$(wc -c </tmp/llmcost_e2e_err)
  if [ "$got" != "$want" ] || { [ "$want_out" = yes ] && [ "$out_size" = 0 ]; } ||
     { [ "$want_out" = no ] && [ "$out_size" != 0 ]; } ||
     { [ "$want_err" = yes ] && [ "$(wc -l </tmp/llmcost_e2e_err)" != 1 ]; } ||
     { [ "$want_err" = no ] && [ "$err_size" != 0 ]; }; then
    echo "FAIL $name: status $got (want $want), stdout $out_size bytes, stderr: $(cat /tmp/llmcost_e2e_err)"
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
exit $fail
