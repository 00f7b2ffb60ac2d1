// A bound on work Slack is waiting for: a Postgres that hangs (rather than refuses) must not hold
// an ack past Slack's 3 seconds. The work is not cancelled; it may still finish after the bound.
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
    }),
  ]);
}
