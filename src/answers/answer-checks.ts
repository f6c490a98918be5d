// Checks of answers that live outside the config schema: the npm package name, and the transport
// order before it becomes a list (so a bad --transport is reported once, as typed).
import { transportChoices } from './answers.js';
import type { ConfigIssue } from '../shared/config-validation.js';

const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** npm's rules for a package name, as one issue or none. */
export function checkPackageName(name: unknown): ConfigIssue[] {
  if (typeof name === 'string' && name.length <= 214 && PACKAGE_NAME.test(name)) return [];
  return [
    {
      path: 'name',
      message:
        'must be an npm package name: lower case letters, digits, - . _ ~, at most 214 ' +
        `characters; set it with --name (got ${JSON.stringify(name)})`,
    },
  ];
}

/** --transport takes one of the orders the schema allows, checked before it becomes a list. */
export function checkTransport(transport: unknown): ConfigIssue[] {
  const allowed = transportChoices().map((choice) => choice.value);
  if (typeof transport === 'string' && allowed.includes(transport)) return [];
  return [
    {
      path: 'transport',
      message: `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}; set it with --transport (got ${JSON.stringify(transport)})`,
    },
  ];
}
