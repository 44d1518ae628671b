/**
 * @module Bytes as the library's types show them: a Uint8Array (a Node.js Buffer at run time), so that
 * a program using the library needs no Node.js type definitions to compile.
 */

/** Bytes of a body: a Uint8Array, a Buffer at run time. */
export type Bytes = Uint8Array;

/** Header values as they arrive: one string, or several for a repeated header. */
export type HttpHeaders = Record<string, string | string[] | undefined>;
