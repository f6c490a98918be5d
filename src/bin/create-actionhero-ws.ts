#!/usr/bin/env node
// create-actionhero-ws [dir]: the same as `actionhero-ws new [dir]`, for `npm init actionhero-ws`.
import { exitWithError, runGenerator } from './run.js';

runGenerator('new', process.argv.slice(2), 'create-actionhero-ws').catch(exitWithError);
