// A TCP port on 127.0.0.1 that was free when asked: the laptop fallbacks (embedded PostgreSQL,
// a redis-server of our own) start on one. Free when asked is not free when used: another
// process may take it first, so each caller checks its own server answers there.
import net from 'node:net';

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => {
      const got = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(got));
    });
  });
}

/** `preferred` when it is free, else (or with none) one the system picks. */
export function freePort(preferred = 0): Promise<number> {
  return listenOnce(preferred).catch(() => listenOnce(0));
}
