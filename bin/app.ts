#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { listAcknowledgements, registerCheckPacks } from '../lib/compliance';
import { ConfigValidationError, loadConfig, resourcePrefix } from '../lib/config';
import { BlueprintDeployment } from '../lib/stacks';

/** Set to `false` (`-c checks=false`) only to measure what the checks cost; bench/synth.ts does that. */
const CHECKS_CONTEXT_KEY = 'checks';

function main(): void {
  const app = new App();
  let loaded;
  try {
    loaded = loadConfig(app.node.getAllContext());
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      // A configuration mistake is the user's to fix: the message says how; a stack trace would only bury it.
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  new BlueprintDeployment(app, resourcePrefix(loaded.config), {
    config: loaded.config,
    configWarnings: loaded.warnings,
  });
  const checksOff = [false, 'false'].includes(app.node.tryGetContext(CHECKS_CONTEXT_KEY));
  const checks = checksOff ? undefined : registerCheckPacks(app);
  app.synth();
  if (checks) {
    console.error(checks.summary());
    console.error(
      `Acknowledged findings: ${listAcknowledgements(app).length} (each with a compensating control)`,
    );
  } else {
    console.error('Compliance checks: switched off (-c checks=false); never deploy such a synthesis.');
  }
}

main();
