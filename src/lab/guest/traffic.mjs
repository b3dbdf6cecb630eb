// Client traffic in the lab (client namespace): a steady mix that makes every
// common connection state appear in the director's table: long-lived
// (ESTABLISHED), short (FIN_WAIT/TIME_WAIT/CLOSE), UDP, persistent (templates),
// IPv6. Bounded: it only ever targets the lab VIPs, at a modest rate.

import dgram from 'node:dgram';
import net from 'node:net';

const rate = Number(process.env.LAB_TRAFFIC_PER_SEC ?? 20);
const targets = [
  { host: '192.0.2.1', port: 80 },
  { host: '192.0.2.2', port: 80 },
  { host: '2001:db8:192::1', port: 80 },
];
const clients = ['203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5'];
let n = 0;

function tcpOnce() {
  const t = targets[n % targets.length];
  const localAddress = t.host.includes(':') ? undefined : clients[n % clients.length];
  const keep = n % 5 === 0;
  n++;
  const s = net.connect({ ...t, localAddress }, () => s.write('GET /\n'));
  s.on('data', () => {
    if (!keep) s.end();
  });
  s.on('error', () => {});
  if (keep) setTimeout(() => s.destroy(), 30_000 + (n % 7) * 1000);
}

const udp = dgram.createSocket('udp4');
udp.on('error', () => {});
udp.on('message', () => {});
udp.bind(0, () => {
  setInterval(() => udp.send('q', 53, '192.0.2.1'), 200);
});
setInterval(tcpOnce, Math.max(5, Math.round(1000 / rate)));
