// A real server in the lab: TCP 80/8080 (tiny HTTP-ish echo) and UDP 53 echo,
// dual-stack. Runs inside an rsN namespace.

import dgram from 'node:dgram';
import net from 'node:net';

for (const port of [80, 8080]) {
  net
    .createServer((s) => {
      s.on('data', (d) => {
        if (!s.destroyed) s.write(`ok ${d.length}\n`);
      });
      s.on('error', () => {});
    })
    .listen({ port, host: '::', ipv6Only: false });
}
for (const type of ['udp4', 'udp6']) {
  const u = dgram.createSocket({ type, reuseAddr: true });
  u.on('message', (m, r) => u.send(m, r.port, r.address));
  u.on('error', () => {});
  u.bind(53, type === 'udp4' ? '0.0.0.0' : '::');
}
