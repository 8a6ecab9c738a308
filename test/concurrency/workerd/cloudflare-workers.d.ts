// The one piece of `cloudflare:workers` the app Worker uses (workerd provides the module; the
// bundle keeps it external).
declare module "cloudflare:workers" {
  export const env: Record<string, unknown>
}
