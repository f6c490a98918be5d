// Pinning a case's processes to cores (Linux `taskset`): the single-server load cases put the
// server on core 0 and the load client on core 1, for both targets alike.
//
// Why: on this 2-core machine most of a request's server CPU is the kernel's loopback `writev`,
// whose cost depends on whether the process at the other end runs on the same core. Left to the
// scheduler, each process settled into one placement for its life, and the same server measured
// anywhere from 15.5 to 19.5 µs per request from one start to the next. `--no-pin` turns it off.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

const wanted = !process.argv.includes('--no-pin') && cpus().length >= 2;

function tasksetWorks(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether this run pins (asked for, two cores or more, and `taskset` present). */
export const pinning: boolean = wanted && tasksetWorks();

export const SERVER_CORE = 0;
export const CLIENT_CORE = 1;

/** The command that runs `file args` on `core` (taskset execs it: the pid stays the program's). */
export function onCore(core: number, file: string, args: string[]): [string, string[]] {
  return ['taskset', ['-c', String(core), file, ...args]];
}

/** Moves a running process, every thread of it, onto `core`. */
export function moveToCore(pid: number, core: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}
