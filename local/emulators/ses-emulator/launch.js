// Started by dev.privacyfirst.emulators.Emulators as a child process: binds the SES v2 emulator to
// loopback only, and exits when its owner goes away (its stdin closes), so a killed JVM leaves no
// orphan behind.
'use strict';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node launch.js <port>');
  process.exit(2);
}
// The emulator would otherwise forward every stored mail to this SMTP server.
delete process.env.SMTP_TRANSPORT;
const server = require('aws-ses-v2-local').default;

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

server({ host: '127.0.0.1', port })
  .then(() => console.log(`aws-ses-v2-local listening on 127.0.0.1:${port}`))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
