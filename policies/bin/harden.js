#!/usr/bin/env node
// The `harden` command: checks Kubernetes manifests, lists the controls, writes the compliance scorecard.
// With @eks-hardening/pulumi installed beside it, also previews and scores Pulumi programs offline.
// Compiled code is cached on disk between runs, as tsc and npm do (Node.js 22.1+; NODE_DISABLE_COMPILE_CACHE=1
// turns it off), which takes about a third off start-up.
require('node:module').enableCompileCache?.();
require('../lib/cli/main').main();
