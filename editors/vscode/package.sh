#!/bin/sh
# Packages the VS Code extension as a .vsix, the same way every time: the
# client library at the versions package-lock.json pins (`npm ci`), a pinned
# vsce, both in a scratch directory, so nothing but the .vsix is written
# here (no node_modules in the repository).
#
#   editors/vscode/package.sh [OUT.vsix]    # default: llmc-VERSION.vsix here
#
# Needs node and npm and, once, the npm registry (vsce and
# vscode-languageclient are fetched into npm's cache).
set -eu

VSCE_VERSION=3.9.2

here=$(cd "$(dirname "$0")" && pwd)
version=$(node -p "require('$here/package.json').version")
out=${1:-$here/llmc-$version.vsix}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT INT TERM
cp -R "$here/package.json" "$here/package-lock.json" "$here/extension.js" \
    "$here/language-configuration.json" "$here/README.md" "$here/syntaxes" "$stage/"
cd "$stage"
npm ci --omit=dev --no-audit --no-fund --loglevel=error
# The repository has no LICENSE file and package.json no repository URL:
# vsce would stop to ask about both.
npx --yes "@vscode/vsce@$VSCE_VERSION" package \
    --skip-license --allow-missing-repository --out "$out"
