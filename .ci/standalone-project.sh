#!/usr/bin/env bash
# The path from another project, as examples/standalone-project-example/README.md gives it: install the artifacts
# with the README's command into an EMPTY local repository, then build the standalone project (its test runs a job)
# against that repository. Nothing another repository holds can stand in for a missing artifact.
#   bash .ci/standalone-project.sh          quick: installs the modules the project needs (the README's command)
#   bash .ci/standalone-project.sh --full   installs the whole build first
set -euo pipefail
cd "$(dirname "$0")/.."
readme=examples/standalone-project-example/README.md

# the docs' dependency snippets: versions, artifacts of this build, the project's own dependencies
python3 .ci/doc-dependencies.py

block() {
  awk -v marker="<!-- $1 -->" '
    $0 == marker { armed = 1; next }
    armed && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$readme"
}
install=$(block "standalone: install")
build=$(block "standalone: build")
test -n "$install" && test -n "$build"

repo=$(mktemp -d /tmp/standalone-m2.XXXXXX)
trap 'rm -rf "$repo"' EXIT
if [ "${1:-}" = "--full" ]; then
  install="mvn -B -DskipTests install"
fi
echo "+ $install   (into the empty $repo)"
eval "$install -ntp -q -Dmaven.repo.local=$repo"
test -f "$repo/dev/asyncjobs/camel-sateais/0.1.0-SNAPSHOT/camel-sateais-0.1.0-SNAPSHOT.jar"

rm -rf examples/standalone-project-example/target
echo "+ $build   (against $repo)"
(eval "$(printf '%s\n' "$build" | sed "s|^mvn |mvn -ntp -Dmaven.repo.local=$repo |")") | tee /tmp/standalone-project.out
grep -q "Tests run: 1, Failures: 0, Errors: 0, Skipped: 0" /tmp/standalone-project.out
test -f examples/standalone-project-example/target/standalone-project-example-1.0.0.jar
echo "the standalone project built and ran against artifacts installed into an empty local repository"
