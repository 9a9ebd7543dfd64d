import { execFile } from 'node:child_process';
import { REPO_ROOT } from './processes';

export interface OpenApiLintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: string;
}

/**
 * Redocly's `recommended` ruleset, strict: every rule it has as a warning is an error here,
 * except the ones turned off below, each with its reason.
 */
export const OPENAPI_LINT_RULES: Record<string, 'error' | 'warn' | 'off'> = {
  // The services are reached through the gateway of the deployment; the document has no fixed server URL.
  'no-empty-servers': 'off',
  // Internal government APIs: no public licence to declare.
  'info-license': 'off',
  'info-license-url': 'off',
};

// Runs in a plain Node process: @redocly/openapi-core is ESM only, which jest's module loader cannot load.
const LINT_SCRIPT = `
import { createConfig, lintFromString } from '@redocly/openapi-core';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { document, rules } = JSON.parse(input);
const config = await createConfig({ extends: ['recommended-strict'], rules });
const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
process.stdout.write(JSON.stringify(problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, message: p.message, location: p.location?.[0]?.pointer ?? '' }))));
`;

/** Lints an OpenAPI document with @redocly/openapi-core's recommended rules, warnings as errors. */
export function lintOpenApi(document: unknown, rules: Record<string, 'error' | 'warn' | 'off'> = OPENAPI_LINT_RULES): Promise<OpenApiLintProblem[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`the OpenAPI linter failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout) as OpenApiLintProblem[]);
    });
    child.stdin?.end(JSON.stringify({ document, rules }));
  });
}
