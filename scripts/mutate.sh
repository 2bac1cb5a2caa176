#!/usr/bin/env bash
# `make mutate [GROUPS="policy chain ..."]`: mutmut over the code whose mistakes cost most, one
# module group at a time and nice'd (the machine is shared), then mutants/report.md.
# MUTATE_SURVIVORS=1 re-runs only each group's survivors (after adding tests).
# Configuration: [tool.mutmut] in pyproject.toml. Not run in CI. See docs/testing.md.
set -euo pipefail
set -f  # the mutant-name globs below are for mutmut, not the shell
cd "$(dirname "$0")/.."

BIN=.venv/bin
CHILDREN="${MUTATE_CHILDREN:-2}"
NICE="${MUTATE_NICE:-10}"

declare -A GLOBS=(
    [policy]="bot.policy.*"
    [chain]="bot.store.chain.* bot.store.modlog.*"
    [ssrf]="bot.fetch.ssrf.*"
    [checks]="cogs.checks.*"
    [queue]="bot.pipeline.queue.* bot.pipeline.actions.*"
    [rules]="bot.rules.*"
    [titles]="bot.rules.editorialized_title.* bot.rules.title_diff.*"
)
# The tests that exercise each group (NEWSMOD_TEST_SCOPE, tests/scope.py): mutmut's stats run
# and its per-mutant runs stay within them.
declare -A SCOPES=(
    [policy]="tests/test_policy.py,tests/test_checker.py,tests/rules,tests/cli/test_check_cli.py"
    [chain]="tests/store,tests/web/test_modlog_privacy.py,tests/cli/test_modlog_cli.py,tests/pipeline/test_moderation.py,tests/pipeline/test_error_paths.py"
    [ssrf]="tests/fetch"
    [checks]="tests/discord"
    [queue]="tests/pipeline"
    [rules]="tests/rules,tests/test_checker.py,tests/dupes"
    [titles]="tests/rules,tests/test_checker.py"
)
ORDER=(policy chain ssrf checks queue rules)  # "titles": editorialized-title's part of rules

groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then
    groups=("${ORDER[@]}")
fi
for group in "${groups[@]}"; do
    if [ -z "${GLOBS[$group]+x}" ]; then
        echo "make mutate: unknown group '$group' (known: ${ORDER[*]} titles)" >&2
        exit 2
    fi
done

mkdir -p mutants
for group in "${groups[@]}"; do
    names=(${GLOBS[$group]})
    if [ -n "${MUTATE_SURVIVORS:-}" ]; then  # only re-run the group's survivors (after new tests)
        mapfile -t names < <("$BIN/python" scripts/mutation_report.py --survivors ${GLOBS[$group]})
        if [ ${#names[@]} -eq 0 ]; then
            echo "== mutate $group: no survivors"
            continue
        fi
    fi
    echo "== mutate $group: ${#names[@]} name(s) ${GLOBS[$group]} ($(date -u +%H:%M:%S) UTC)"
    NEWSMOD_TEST_SCOPE="${SCOPES[$group]}" nice -n "$NICE" "$BIN/mutmut" run --max-children "$CHILDREN" "${names[@]}" \
        > "mutants/run-$group.log" 2>&1 || { tail -n 40 "mutants/run-$group.log"; exit 1; }
    tr '\r' '\n' < "mutants/run-$group.log" | grep -E "mutations/second|🎉" | tail -n 2 || true
done
"$BIN/python" scripts/mutation_report.py > mutants/report.md
sed -n '1,/^## Survivors/p' mutants/report.md
echo "survivors and their diffs: mutants/report.md"
