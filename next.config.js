// @ts-check

const dev = process.env.NODE_ENV === "development";

/**
 * Content Security Policy. Next.js inlines its bootstrap scripts (no nonces here, so
 * 'unsafe-inline' for scripts); Monaco sets inline styles and starts its language workers
 * from same-origin bundles (and blob: URLs); dev mode's hot reload needs eval. Nothing is
 * loaded from another origin, and no page may be framed (clickjacking).
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  `connect-src 'self'${dev ? " ws:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Security headers for every response (tests/security/web-security.test.ts checks them). */
const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Browsers ignore it over plain http; behind https it keeps them on https.
  { key: "Strict-Transport-Security", value: "max-age=31536000" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) before building; checking
  // again inside `next build` would only double the time.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["better-sqlite3", "pino", "@kubernetes/client-node"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

module.exports = nextConfig;
