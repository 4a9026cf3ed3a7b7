#!/usr/bin/env node
// The `harden` command: checks Kubernetes manifests, lists the controls, writes the compliance scorecard.
// With @eks-hardening/pulumi installed beside it, also previews and scores Pulumi programs offline.
require('../lib/cli/main').main();
