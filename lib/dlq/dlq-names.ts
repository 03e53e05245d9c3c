// DLQ topic naming conventions of API.md: <topic>.dlq, <topic>-dlq, <topic>.DLT (Spring), dlq.<topic>,
// and <stream>:dlq (Redis keys' separator; the dead-letter stream Eventscope's own job writes).
const patterns: { test: RegExp; original: (name: string) => string }[] = [
  { test: /^(.+):dlq$/i, original: (name) => name.replace(/:dlq$/i, "") },
  { test: /^(.+)\.dlq$/i, original: (name) => name.replace(/\.dlq$/i, "") },
  { test: /^(.+)-dlq$/i, original: (name) => name.replace(/-dlq$/i, "") },
  { test: /^(.+)\.DLT$/, original: (name) => name.replace(/\.DLT$/, "") },
  { test: /^dlq\.(.+)$/i, original: (name) => name.replace(/^dlq\./i, "") },
];

/** The topic a DLQ name points back to, or null when the name follows no DLQ convention. */
export function originalTopicOfDlq(name: string, configured: string[] = []): string | null {
  const match = patterns.find((pattern) => pattern.test.test(name));
  if (match) return match.original(name);
  return configured.includes(name) ? "" : null;
}

export function isDlqName(name: string, configured: string[] = []): boolean {
  return originalTopicOfDlq(name, configured) !== null;
}
