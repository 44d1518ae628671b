/** @module What a receiver's path token looks like: 16 or more URL-safe characters (the secret part of its URL). */
export const PATH_TOKEN = /^[A-Za-z0-9_-]{16,}$/;
