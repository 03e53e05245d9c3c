// Runs the console's job runner on its own: for operators who want jobs outside the web process,
// and for the crash-and-resume test (kill -9 this, start it again, the job carries on).
// Run with: npx tsx --conditions=react-server scripts/job-worker.ts
import { startJobs } from "../lib/jobs/start-jobs";

startJobs();
console.log("[eventscope] job worker running");
setInterval(() => undefined, 60_000);
