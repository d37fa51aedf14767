#!/usr/bin/env bash
# Prints the full SHA of the commit to deploy.
#
#   bash deploy/resolve-ref.sh ROLLBACK [REF]
#
# ROLLBACK  how many commits back from main's tip, along its first-parent line (0: the tip itself).
#           main is origin/main when the clone has it (the deploy workflow's does), else HEAD.
# REF       a commit SHA (7 to 40 hex digits). Wins over ROLLBACK, which must then be 0 or empty.
#           It must be on main: only commits that reached main (and were tested there) deploy.
#
# Exits non-zero with a message on stderr for anything else: a ROLLBACK that is not a whole number
# >= 0, both given, a REF that is not hex, or a commit that does not exist or is not on main.
set -euo pipefail

die() {
  printf 'resolve-ref: %s\n' "$*" >&2
  exit 1
}

trim() {
  local s="$1"
  s="${s#"${s%%[![:space:]]*}"}"
  printf '%s' "${s%"${s##*[![:space:]]}"}"
}

[ "$#" -le 2 ] || die "usage: resolve-ref.sh ROLLBACK [REF] (got $# arguments)"
# Typed on a phone: forgive surrounding spaces.
rollback="$(trim "${1:-}")"
ref="$(trim "${2:-}")"
[ -n "$rollback" ] || rollback=0

if [[ "$rollback" =~ ^-[0-9]+$ ]]; then
  die "rollback must not be negative (got '$rollback'): it counts commits back from main's tip"
fi
if ! [[ "$rollback" =~ ^[0-9]+$ ]]; then
  die "rollback must be a whole number of commits, 0 or more (got '$rollback')"
fi
[ "${#rollback}" -le 6 ] || die "rollback is too large (got '$rollback')"
rollback=$((10#$rollback))

git rev-parse --git-dir >/dev/null 2>&1 || die "not inside a git repository"

if git rev-parse --verify --quiet refs/remotes/origin/main >/dev/null; then
  main=refs/remotes/origin/main
else
  main=HEAD
fi

if [ -n "$ref" ]; then
  if [ "$rollback" -ne 0 ]; then
    die "give either rollback ($rollback) or ref ($ref), not both"
  fi
  if ! [[ "$ref" =~ ^[0-9a-fA-F]{7,40}$ ]]; then
    die "ref must be a commit SHA of 7 to 40 hex digits (got '$ref')"
  fi
  sha="$(git rev-parse --verify --quiet "${ref}^{commit}")" ||
    die "unknown commit '$ref' (not in this clone: is it pushed, and was it fetched with fetch-depth 0?)"
  if ! git merge-base --is-ancestor "$sha" "$main"; then
    die "commit $sha is not on main (${main#refs/remotes/}): only commits on main deploy"
  fi
  printf '%s\n' "$sha"
  exit 0
fi

sha="$(git rev-parse --verify --quiet "${main}~${rollback}^{commit}")" || {
  depth="$(git rev-list --first-parent --count "$main")"
  die "main (${main#refs/remotes/}) has only $depth commits on its first-parent line: cannot go back $rollback"
}
printf '%s\n' "$sha"
