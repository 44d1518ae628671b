/** Replies that never end or inflate without bound, written as a stream (nothing is held in memory). */
import type { ServerResponse } from 'node:http';
import { createBrotliCompress, createGzip, constants } from 'node:zlib';
import type { Reply } from './loopback-server.js';

const MIB = 1024 * 1024;

/** Streams `chunks` MiB of zeros into `sink` as the reader takes them; stops when the reader goes. */
function pumpZeros(res: ServerResponse, sink: NodeJS.WritableStream & { destroy(): void }, chunks: number): void {
  const zeros = Buffer.alloc(MIB);
  let sent = 0;
  let closed = false;
  res.on('close', () => {
    closed = true;
    sink.destroy();
  });
  const pump = (): void => {
    while (!closed && sent < chunks) {
      sent++;
      if (!sink.write(zeros)) {
        sink.once('drain', pump);
        return;
      }
    }
    if (!closed) sink.end();
  };
  pump();
}

/** A 2xx JSON reply compressed with gzip or brotli that inflates to `mebibytes` MiB. */
export function compressionBomb(encoding: 'gzip' | 'br', mebibytes: number, status = 200): Reply {
  return {
    write: (res) => {
      res.writeHead(status, { 'content-type': 'application/json', 'content-encoding': encoding });
      const compress = encoding === 'gzip' ? createGzip({ level: 9 }) : createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
      compress.pipe(res);
      pumpZeros(res, compress, mebibytes);
    },
  };
}

/**
 * A 2xx list reply of `mebibytes` MiB of empty objects, gzip-compressed: small on the wire and
 * within the size limit, yet millions of objects once parsed.
 */
export function objectBomb(mebibytes: number): Reply {
  return {
    write: (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      const gzip = createGzip();
      gzip.pipe(res);
      gzip.write('{"result":[{}');
      const chunk = Buffer.from(',{}'.repeat(MIB / 3));
      for (let i = 0; i < mebibytes; i++) gzip.write(chunk);
      gzip.end('],"links":{}}');
    },
  };
}

/** A chunked 2xx reply that never ends (until the reader goes away). */
export function endlessReply(): Reply {
  return {
    write: (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      pumpZeros(res, res as unknown as NodeJS.WritableStream & { destroy(): void }, Number.POSITIVE_INFINITY);
    },
  };
}
