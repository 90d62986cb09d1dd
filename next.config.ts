import type { NextConfig } from "next";

const development = process.env.NODE_ENV !== "production";

/**
 * Security headers for every response. The CSP allows only our own origin; Next's inline bootstrap
 * scripts need 'unsafe-inline' (a nonce-based CSP would force every page to render dynamically),
 * and the dev server needs 'unsafe-eval' for fast refresh.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // PGlite and the codec sandbox load wasm from node_modules at run time; gRPC keeps long-lived channels and
  // the ChirpStack definitions are generated CommonJS: keep them all out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "quickjs-emscripten", "@grpc/grpc-js", "@chirpstack/chirpstack-api", "google-protobuf"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: contentSecurityPolicy },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" },
        ],
      },
    ];
  },
};

export default nextConfig;
