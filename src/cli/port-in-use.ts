/** @module What a local server's command says when its port is taken. */
import { ConfigError } from '../errors/index.js';

/** Rethrows a failure to listen, a taken port as a ConfigError that says what to do. */
export function portInUse(port: number, host = '127.0.0.1'): (error: unknown) => never {
  return (error) => {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ConfigError(`Port ${port} on ${host} is in use; pick another with --port N, or --port 0 for any free one.`);
    throw error;
  };
}
