import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { THEME_BOOT_SCRIPT } from "@/lib/client/theme";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Eventscope", template: "%s · Eventscope" },
  description: "Console for Apache Kafka and NATS JetStream: topics, consumer lag, dead-letter queues.",
  // Browsers ask for /favicon.ico whatever the page says; both files live in public/.
  icons: { icon: [{ url: "/favicon.ico", sizes: "32x32" }, { url: "/icon.svg", type: "image/svg+xml" }] },
};

// Every page is rendered per request, so each carries the script nonce of its own
// Content-Security-Policy (proxy.ts); a page prerendered at build time would have scripts without it.
export const dynamic = "force-dynamic";

export const viewport: Viewport = {
  colorScheme: "light dark",
  width: "device-width",
  initialScale: 1,
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme boot script runs inline, so it carries the page's CSP nonce (proxy.ts puts the policy
  // on the request; scripts without the nonce are refused).
  const policy = (await headers()).get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  return (
    // suppressHydrationWarning: the boot script sets data-theme on <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
