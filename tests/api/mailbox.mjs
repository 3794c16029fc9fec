// mailbox.mjs: a sendmail command for tests, a shell script that keeps each message it is given
// in a file of its own, and the reading of those messages: headers (encoded words decoded) and
// body, and the portal links they hold.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class Mailbox {
  // dir: a directory of the test's own; refuse: messages to an address containing it are refused (exit 1)
  constructor(dir, refuse = null) {
    this.out = join(dir, 'mail');
    mkdirSync(this.out, { recursive: true });
    const script = join(dir, 'sendmail.sh');
    // named by the instant in nanoseconds, so that the names sort in the order of sending; written
    // under a hidden name first, so that a message is never read half-written
    writeFileSync(script, `#!/bin/sh\nf=$(date +%s%N)-$$\ncat > '${this.out}'/."$f"\n` +
      (refuse ? `if grep -q '^To:.*${refuse}' '${this.out}'/."$f"; then rm -f '${this.out}'/."$f"; exit 1; fi\n` : '') +
      `mv '${this.out}'/."$f" '${this.out}'/"$f"\nexit 0\n`);
    this.command = `sh ${script}`;
  }

  // Arguments for `psea serve` that send the server's e-mail here.
  serveArgs(baseUrl) { return ['--base-url', baseUrl, '--sendmail', this.command, '--mail-from', 'portal@psea.test']; }

  // Every message so far, oldest first: { headers, body, text }.
  messages() {
    return readdirSync(this.out).filter((f) => !f.startsWith('.')).sort().map((f) => parse(readFileSync(join(this.out, f), 'utf8')));
  }

  // The messages to that address.
  to(address) { return this.messages().filter((m) => m.headers.to.includes(address)); }

  // The last message to that address once there are at least n, for messages the server sends
  // after answering (password resets); fails after 10 seconds.
  async wait(address, n = 1) {
    for (let waited = 0; this.to(address).length < n; waited += 50) {
      if (waited >= 10000) throw new Error(`fewer than ${n} messages to ${address}`);
      await new Promise((ok) => setTimeout(ok, 50));
    }
    return this.last(address);
  }

  // The last message to that address; fails when there is none.
  last(address) {
    const all = this.to(address);
    if (!all.length) throw new Error(`no message to ${address}`);
    return all[all.length - 1];
  }
}

const decodeWords = (v) => v.replace(/\r?\n /g, '').replace(/=\?utf-8\?B\?([^?]*)\?=/g, (_, b) => Buffer.from(b, 'base64').toString('utf8'));

function parse(text) {
  const end = text.indexOf('\n\n');
  const headers = {};
  let last = null;
  for (const line of text.slice(0, end).split('\n')) {
    if (line.startsWith(' ') && last) headers[last] += '\n' + line;
    else {
      const i = line.indexOf(':');
      last = line.slice(0, i).toLowerCase();
      headers[last] = line.slice(i + 1).trim();
    }
  }
  for (const k of Object.keys(headers)) headers[k] = decodeWords(headers[k]);
  const body = text.slice(end + 2);
  return { headers, body, text, link: (/(https?:\/\/\S+)/.exec(body) || [])[1] };
}
