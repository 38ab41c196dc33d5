// A local install tree over HTTP (node:http on 127.0.0.1, a random port) for
// the network install tests: files by path, everything else 404, HEAD too.
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';

/** path (starting with '/') -> file on disk, text, or a body that stalls after `sendBytes` of `bytes` (to cancel a download) */
export type TreeFiles = Record<string, { file: string } | { text: string } | { stall: { bytes: number; sendBytes: number } }>;

export interface TreeServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** paths asked for, in order ("HEAD /x") */
  requests: string[];
  close(): Promise<void>;
}

export async function serveTree(files: TreeFiles): Promise<TreeServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(`${req.method} ${path}`);
    const entry = files[path];
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if ('text' in entry) {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(entry.text) });
      res.end(req.method === 'HEAD' ? undefined : entry.text);
      return;
    }
    if ('stall' in entry) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': entry.stall.bytes });
      if (req.method === 'HEAD') res.end();
      else res.write(Buffer.alloc(entry.stall.sendBytes)); // and nothing more, until the client gives up
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': statSync(entry.file).size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(entry.file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on (just closed): connections to it are refused. */
export async function closedPort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A Fedora 37 Server .treeinfo (productmd 1.2, as Fedora's trees carry it). */
export const FEDORA37_TREEINFO = `[header]
type = productmd.treeinfo
version = 1.2

[release]
name = Fedora
short = Fedora
version = 37

[tree]
arch = x86_64
build_timestamp = 1667260556
platforms = x86_64,xen
variants = Server

[general]
; WARNING.0 = This section provides compatibility with pre-productmd treeinfos.
arch = x86_64
family = Fedora
name = Fedora 37
platforms = x86_64,xen
timestamp = 1667260556
variant = Server
version = 37

[images-x86_64]
boot.iso = images/boot.iso
initrd = images/pxeboot/initrd.img
kernel = images/pxeboot/vmlinuz

[images-xen]
initrd = images/pxeboot/initrd.img
kernel = images/pxeboot/vmlinuz

[stage2]
mainimage = images/install.img
`;
