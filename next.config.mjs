/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  // prom-client: the registry server.mjs records request latency into is the one /metrics reads.
  serverExternalPackages: ["better-sqlite3", "prom-client"],
  poweredByHeader: false,
  // Clients written for the first seed call /crm/api/v1/...; serve them from the same handlers.
  async rewrites() {
    return [{ source: "/crm/api/v1/:path*", destination: "/api/v1/:path*" }];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      // Pages get a nonce-based policy from proxy.ts; API answers are data and load nothing.
      ...["/api/:path*", "/crm/api/:path*"].map((source) => ({
        source,
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
        ],
      })),
    ];
  },
};

export default nextConfig;
