#!/usr/bin/env node
/** The `prepub` command of the umbrella package: the CLI's own entry point. */
import '@prepub/cli/bin';
