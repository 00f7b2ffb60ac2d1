// `npm run doctor`: one line per thing Tend needs (✓ fine, ! worth a look, ✗ broken, with
// the fix), so "nothing happens" becomes one command. Exit code 1 when something is broken.
import { exitCode, formatCheck } from '../doctor/checks.ts';
import { runDoctor } from '../doctor/run.ts';

try {
  const sections = await runDoctor(process.env);
  for (const s of sections) {
    console.log(s.title);
    for (const check of s.checks) console.log(formatCheck(check, '  '));
  }
  const all = sections.flatMap((s) => s.checks);
  const failed = all.filter((ch) => ch.status === 'fail').length;
  console.log(failed ? `\n${failed} problem(s) found.` : '\nNo problems found.');
  process.exit(exitCode(all));
} catch (err) {
  console.error(`tend doctor: ${(err as Error).stack ?? err}`);
  process.exit(2);
}
