// The clients of a connection table held still (test/lab/stillTable.ts), run in the lab's client
// namespace: from each client address, connections to the lab's IPv4 TCP services that stay open
// (ESTABLISHED, nothing sent after one request and its answer) until this process is killed, some
// over IPv6, and one UDP datagram (an entry that lasts the UDP timeout). Prints "ready" when all
// are answered; exits 1 on the first error.

import dgram from 'node:dgram';
import net from 'node:net';

const CLIENTS = ['203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5'];
const EACH = 3;
const wanted = [];
for (const localAddress of CLIENTS)
  for (const host of ['192.0.2.1', '192.0.2.2'])
    for (let i = 0; i < EACH; i++) wanted.push({ host, port: 80, localAddress });
for (let i = 0; i < 2 * EACH; i++) wanted.push({ host: '2001:db8:192::1', port: 80 });

const fail = (e) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
};
let answered = 0;
const answer = () => {
  if (++answered === wanted.length + 1) process.stdout.write('ready\n');
};
for (const w of wanted) {
  const s = net.connect(w, () => s.write('GET /\n'));
  s.once('data', answer);
  s.on('error', fail);
  s.on('end', () => fail(new Error(`${w.host}:${w.port} closed`)));
}
const udp = dgram.createSocket('udp4');
udp.on('error', fail);
udp.once('message', answer);
udp.bind(0, () => udp.send('q', 53, '192.0.2.1'));
