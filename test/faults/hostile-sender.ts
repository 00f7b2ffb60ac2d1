// The far end of hostile-burst.test.ts: a child process that takes signed requests over IPC,
// then, on "go", sends them all at once and reports each answer. Slack sends from its own
// machines; sending from here keeps the client's work off the event loop being measured.
type Request = { url: string; headers: Record<string, string>; body: string };
type Message = { requests: Request[] } | { go: true };

let requests: Request[] = [];

process.on('message', (m: Message) => {
  if ('requests' in m) {
    requests = m.requests;
    process.send!({ loaded: requests.length });
    return;
  }
  void (async () => {
    const answers = await Promise.all(requests.map(async (r) => {
      const res = await fetch(r.url, { method: 'POST', headers: r.headers, body: r.body });
      return { status: res.status, raw: await res.text() };
    }));
    process.send!({ answers }, () => process.disconnect());
  })();
});
