// A real server of the HA pair: a small HTTP server on one port (the argument), so that
// keepalived's TCP and HTTP checks both pass, and one service can be stopped alone.
import http from 'node:http';

const port = Number(process.argv[2]);
http.createServer((_req, res) => res.end('ok\n')).listen(port);
