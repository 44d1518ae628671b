import { describe, expect, it } from 'vitest';
import { accessKey, keyMatches } from '../src/net/local-guard.js';
import { writeScrubbed } from '../src/net/scrubbed-body.js';

describe('the access key of a local server', () => {
  it('matches only itself, whatever the length of what is presented', () => {
    const key = accessKey(undefined, 'The key');
    expect(key.length).toBeGreaterThanOrEqual(16);
    expect(keyMatches(key, key)).toBe(true);
    for (const wrong of ['', key.slice(1), `${key}x`, key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase()]) expect(keyMatches(wrong, key)).toBe(false);
  });

  it('is random unless chosen, and a chosen one must be long enough', () => {
    expect(accessKey(undefined, 'K')).not.toBe(accessKey(undefined, 'K'));
    expect(accessKey('a-chosen-key-of-some-length', 'K')).toBe('a-chosen-key-of-some-length');
    expect(() => accessKey('short', "The proxy's access key")).toThrow(expect.objectContaining({ code: 'ERR_CONFIG', message: "The proxy's access key must have at least 16 characters." }));
  });
});

describe('a reply body copied to a local client', () => {
  const token = 'sentinel-TOKEN-7f3a9c1e5b';
  const scrub = (text: string): string => text.replaceAll(token, '[redacted]');
  async function copy(chunks: (string | Uint8Array)[], eventStream: boolean): Promise<string[]> {
    const written: string[] = [];
    async function* body(): AsyncIterable<Uint8Array> {
      for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    }
    await writeScrubbed(body(), { write: (text: string) => written.push(text) > 0 } as never, scrub, eventStream);
    return written;
  }

  it('scrubs a token split across chunks, event by event for a stream', async () => {
    const event = `event: message\ndata: {"text":"${token}"}\n\n`;
    const cut = event.indexOf('TOKEN');
    const written = await copy([event.slice(0, cut), event.slice(cut), event], true);
    expect(written.join('')).not.toContain('TOKEN');
    expect(written).toEqual([scrub(event), scrub(event)]);
  });

  it('scrubs a JSON body once complete, and never splits a character', async () => {
    const json = Buffer.from(`{"note":"é ${token}"}`);
    const at = json.indexOf(0xa9); // the second byte of é
    expect(await copy([json.subarray(0, at), json.subarray(at)], false)).toEqual(['{"note":"é [redacted]"}']);
    const whole = await copy([`{"a":"${token.slice(0, 5)}`, `${token.slice(5)}"}`], false);
    expect(whole).toEqual([`{"a":"[redacted]"}`]);
  });
});
