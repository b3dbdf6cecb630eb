// A director pair's client: a new connection to the VIP (the argument, default the keepalived
// pair's) every second, each held open for 30 s, so that the directors have connection entries.
import net from 'node:net';

const host = process.argv[2] ?? '10.5.0.100';
setInterval(() => {
  const s = net.connect({ host, port: 80 });
  s.on('error', () => {});
  s.on('connect', () => s.write('GET / HTTP/1.1\r\nHost: ha\r\n\r\n'));
  s.on('data', () => {});
  setTimeout(() => s.destroy(), 30_000);
}, 1000);
