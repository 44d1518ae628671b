/** @module Copies a reply body to a local server's client with the API token scrubbed from it, in whole units. */
import type { ServerResponse } from 'node:http';

/**
 * Copies a reply body scrubbed of the token. The token is replaced in whole units only: an event
 * stream event by event (up to its blank line), anything else once complete, so that a token split
 * across two chunks is still found; bytes are decoded as a stream, so no character is split either.
 */
export async function writeScrubbed(body: AsyncIterable<Uint8Array>, response: Pick<ServerResponse, 'write'>, scrub: (text: string) => string, isEventStream: boolean): Promise<void> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    const end = isEventStream ? pending.lastIndexOf('\n\n') : -1;
    if (end >= 0) {
      response.write(scrub(pending.slice(0, end + 2)));
      pending = pending.slice(end + 2);
    }
  }
  pending += decoder.decode();
  if (pending !== '') response.write(scrub(pending));
}
