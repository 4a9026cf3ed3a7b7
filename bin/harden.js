#!/usr/bin/env node
// The `harden` command. Sources are TypeScript, run through tsx's require hook (no build step).
require('tsx/cjs');
require('../cli/main').main();
