// npm run admin-password: asks for the admin view's password (twice, without showing it) and
// prints the line for .env: ADMIN_PASSWORD_HASH='<bcrypt hash>'. The single quotes matter: the
// hash contains `$`, which Docker Compose and shells would otherwise read as variables (Node's
// own .env reader takes the value either way).
//
// Not on a terminal it reads the password from stdin instead (`... | npm run -s admin-password`);
// `npm run admin-password -- PASSWORD` also works, but leaves the password in the shell history.

import { hash, truncates } from 'bcryptjs';

/** 2^12 rounds: about a quarter of a second per sign-in, paid only when someone signs in. */
const COST = 12;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** One line typed on the terminal, not echoed. Ctrl-C or Ctrl-D stop the script. */
function askHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve) => {
    let typed = '';
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          input.off('data', onData);
          input.setRawMode(false);
          input.pause();
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          input.setRawMode(false);
          process.stderr.write('\n');
          process.exit(130);
        }
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}

/** Everything on stdin, without the newline that `echo` or a file ends it with. */
async function readPiped(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text.replace(/\r?\n$/, '');
}

async function readPassword(): Promise<string> {
  const argument = process.argv[2];
  if (argument !== undefined) return argument;
  if (!process.stdin.isTTY) return readPiped();
  const password = await askHidden('Admin view password: ');
  if ((await askHidden('Again, to be sure: ')) !== password) fail('The two did not match.');
  return password;
}

const password = await readPassword();
if (password === '') fail('An empty password: type one (or pipe one in).');
// bcrypt reads only the first 72 bytes: a longer password would match anything with that start.
if (truncates(password)) fail('Longer than 72 bytes, which bcrypt cannot tell apart: shorten it.');
console.log(`ADMIN_PASSWORD_HASH='${await hash(password, COST)}'`);
console.error('Put that line in .env (or the environment) and restart the server.');
