import Link from "next/link";
import type { TypeOutcome } from "@/lib/metrics-sources/types";
import { dlqLinksOf, topicLinkOf } from "@/lib/client/processing-format";

/** The topic the events of a type come from (linked), or why it is unknown. */
export function TypeTopic({ outcome }: { outcome: TypeOutcome }) {
  const link = topicLinkOf(outcome);
  if (!link) return <span className="proc-note" title="Name it in the source's topics map, or set its cluster">topic unknown</span>;
  return link.href ? (
    <Link href={link.href} title={link.title} className="bidi-isolate">
      {link.label}
    </Link>
  ) : (
    <span title={link.title}>{link.label}</span>
  );
}

/** Links to the DLQs of the type's topic; on a failure spike, said loudly. */
export function TypeDlqLinks({ outcome }: { outcome: TypeOutcome }) {
  const links = dlqLinksOf(outcome);
  if (links.length === 0) return <span className="proc-note">—</span>;
  return (
    <span className="proc-links">
      {outcome.spike ? (
        <span className="proc-failing" data-testid="failure-spike">
          Failure spike:
        </span>
      ) : null}
      {links.map((link) => (
        <Link key={link.href} href={link.href} className="bidi-isolate" data-testid="type-dlq-link">
          {link.label}
        </Link>
      ))}
    </span>
  );
}
