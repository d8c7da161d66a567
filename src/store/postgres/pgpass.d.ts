/** The `pgpass` package (the one pg itself uses) ships no types. */
declare module 'pgpass' {
  interface ConnectionInfo {
    host?: string
    port?: number | string
    database?: string
    user?: string
  }
  export default function pgpass(info: ConnectionInfo, done: (password: string | undefined) => void): void
}
