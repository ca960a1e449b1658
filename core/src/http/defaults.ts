/** Where `bund serve` listens and how many runs may wait, by default (kept apart so `bund serve --help` can name them without loading the server). */
export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 8787
export const DEFAULT_QUEUE_CAPACITY = 100
