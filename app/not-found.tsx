import Link from "next/link";

export default function NotFound() {
  return (
    <main className="standalone">
      <div className="state state-empty">
        <div className="state-title">Page not found</div>
        <div className="state-body">There is nothing at this address.</div>
        <div className="state-action">
          <Link href="/" className="btn btn-primary">
            Back to the overview
          </Link>
        </div>
      </div>
    </main>
  );
}
