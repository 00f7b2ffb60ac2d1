// The progress bar of a long import, on stderr so stdout stays clean for the report; none
// when stderr is not a terminal (CI logs, pipes), where a bar is only noise.
import cliProgress from 'cli-progress';

export type Progress = { update(done: number, total: number): void; stop(): void };

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {percentage}% | ETA {eta}s`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
