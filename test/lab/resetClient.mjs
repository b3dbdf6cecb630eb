// Client traffic for one lab service that ends every connection with a reset (argv: host port): the
// director's entry then waits in CLOSE (10 s) instead of TIME_WAIT (2 min, fixed in the kernel), so
// that a drained server empties within seconds of its last connection. A short request every 100 ms,
// and one connection in three kept open for 20-26 s, as keep-alive clients do (three, not four: the
// service's rr alternates between two servers, and every fourth would all go to one).
import net from 'node:net';

const [host, port] = [process.argv[2], Number(process.argv[3])];
let n = 0;
setInterval(() => {
  const keep = n % 3 === 0;
  const holdMs = 20_000 + (n % 7) * 1000;
  n++;
  const s = net.connect({ host, port }, () => s.write('GET /\n'));
  s.on('error', () => {});
  s.once('data', () => {
    if (keep) setTimeout(() => s.resetAndDestroy(), holdMs);
    else s.resetAndDestroy();
  });
}, 100);
